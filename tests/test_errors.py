"""The error family: every failure a person can act on is a MinutebookError, told in one line."""

from minutebook.errors import MinutebookError, NotFound


def test_not_found_is_one_of_the_family_and_names_what_is_missing() -> None:
    error = NotFound("meeting 'x'")
    assert isinstance(error, MinutebookError)  # the CLI's one-line report catches it too
    assert str(error) == "There is no meeting 'x'."
