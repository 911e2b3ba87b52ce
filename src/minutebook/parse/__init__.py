"""parse: Document in, MeetingRecord out. Knows the shape of a meeting (header, items,
minute paragraphs), nothing about storage."""
