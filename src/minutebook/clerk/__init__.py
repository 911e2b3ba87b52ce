"""clerk: what clerks do to the record. Owns corrections (a meeting's record edited field by field,
as a pure function of the stored record and a form), the readable diff between two versions,
restoring a version, and publishing an uploaded document. Each change is one transaction that
writes the new version (`store.versions`), the meeting's rows and an audit log entry together,
then brings the search index and the registers up to date.

    correct(engine, meeting_id, form, actor="user:clara", note="spelling of a name")
    restore(engine, meeting_id, 2, actor="user:clara")
    diff(version_a.record, version_b.record)   # -> lines marked " ", "-", "+"
"""
