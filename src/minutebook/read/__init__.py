"""read: bytes in, Document out. Knows formats, nothing about meetings.

One module per format; `detect` chooses the reader (content first, extension second) and
`read_source` is the entry point for every caller.
"""
