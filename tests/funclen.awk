# Functions longer than max lines (-v max=N) whose comment just above does not
# say "Not split:".  A function is what the house style writes: its name at
# the start of a line, then its body from a "{" to a "}" both at the start of
# a line; its length is the body's lines between the two braces.  Prints
# "FILE:LINE: NAME() has N lines" for each; "explained N" on standard error
# counts those with the comment.
FNR == 1 { inbody = 0; nameline = 0; incmt = 0; cmtend = -9 }
!inbody && /^\/\*/ { incmt = 1; cmt = "" }
incmt { cmt = cmt " " $0 }
incmt && /\*\// { incmt = 0; cmtend = FNR; last = cmt }
!inbody && !incmt && /^[A-Za-z_][A-Za-z0-9_]*\(/ {
	name = $0
	sub(/\(.*/, "", name)
	nameline = FNR
	# the comment counts when at most the return type's line lies between
	why = (FNR - cmtend <= 2 && last ~ /Not split:/)
}
!inbody && /^\{/ && nameline && FNR - nameline < 8 { inbody = 1; start = FNR; fname = name; fwhy = why }
inbody && /^\}/ {
	len = FNR - start - 1
	if (len > max && !fwhy)
		print FILENAME ":" start ": " fname "() has " len " lines"
	if (len > max && fwhy)
		explained++
	inbody = 0
	nameline = 0
}
END { print "explained " explained + 0 > "/dev/stderr" }
