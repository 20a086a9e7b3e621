"""The escaping of key fields and labels in vi-keys(5) text streams, for the
Python reference scripts of the tests (one definition, imported by all)."""


def escape(b):
    """bytes -> bytes: TAB, LF, CR and backslash as \\t \\n \\r \\\\, other
    control bytes and DEL as \\xHH, every other byte as itself."""
    out = bytearray()
    for c in b:
        if c == 0x09:
            out += b"\\t"
        elif c == 0x0A:
            out += b"\\n"
        elif c == 0x0D:
            out += b"\\r"
        elif c == 0x5C:
            out += b"\\\\"
        elif c < 0x20 or c == 0x7F:
            out += b"\\x%02x" % c
        else:
            out.append(c)
    return bytes(out)
