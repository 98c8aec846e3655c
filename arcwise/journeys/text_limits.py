"""How much a person may write in each free-text field of a journey, in characters."""

# The forms state these and the database checks them (arcwise/text_fields.py). Long enough
# for a full session's notes, short enough that no page or e-mail carrying one grows without
# bound.
GOALS_LIMIT = 5000
CONFIDENTIALITY_LIMIT = 5000
CLOSING_WORDS_LIMIT = 4000
READINESS_NOTE_LIMIT = 5000
SESSION_NOTES_LIMIT = 20000
SESSION_RECORD_LIMIT = 5000
WHAT_TO_TRY_LIMIT = 2000
DEBRIEF_LIMIT = 5000
THREAD_TEXT_LIMIT = 500
WHERE_IT_WENT_LIMIT = 200
