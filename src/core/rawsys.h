/* Raw system calls that never touch errno or any other glibc state.
 *
 * A CLONE_VM child without CLONE_SETTLS runs on its parent's TLS block, so
 * glibc's errno, malloc arenas and stdio locks are shared with a parent that
 * glibc believes is the only thread.  Child functions therefore enter the
 * kernel through these inline wrappers, which return -errno on failure.
 */
#ifndef CLONESH_RAWSYS_H
#define CLONESH_RAWSYS_H

#include <sys/syscall.h>

#if defined(__x86_64__)
static inline long
raw_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;

	__asm__ volatile ("syscall"
	    : "=a"(ret)
	    : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
	    : "rcx", "r11", "memory");
	return ret;
}
#define RAWSYS_NATIVE 1
#elif defined(__aarch64__)
static inline long
raw_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a1;
	register long x1 __asm__("x1") = a2;
	register long x2 __asm__("x2") = a3;
	register long x3 __asm__("x3") = a4;
	register long x4 __asm__("x4") = a5;
	register long x5 __asm__("x5") = a6;

	__asm__ volatile ("svc 0"
	    : "+r"(x0)
	    : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
	    : "memory");
	return x0;
}
#define RAWSYS_NATIVE 1
#else
#include <errno.h>
#include <unistd.h>
/* Fallback: glibc's syscall() sets errno, which a CLONE_VM child shares. */
static inline long
raw_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	long r = syscall(n, a1, a2, a3, a4, a5, a6);
	return r == -1 ? -errno : r;
}
#define RAWSYS_NATIVE 0
#endif

#define RAW0(n)                raw_syscall6((n), 0, 0, 0, 0, 0, 0)
#define RAW1(n, a)             raw_syscall6((n), (long)(a), 0, 0, 0, 0, 0)
#define RAW2(n, a, b)          raw_syscall6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define RAW3(n, a, b, c)       raw_syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define RAW4(n, a, b, c, d)    raw_syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define RAW6(n, a, b, c, d, e, f) \
	raw_syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

#endif
