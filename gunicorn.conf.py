"""gunicorn's settings for Arcwise (read from the directory gunicorn starts in, or named with
`gunicorn -c gunicorn.conf.py arcwise.wsgi`).

Only the logs are set: gunicorn's access log is on, and every secret in an address (a portal,
invitation, reset or sign-up link, a calendar feed) is written as "[token]", by the filter
Django's own logs use (arcwise/log_masking.py). docs/deployment-logs.md has the why, and the
proxy's side.
"""

# gunicorn's own logging set-up, with the filter on its access and error logs. The loggers
# are given whole because gunicorn replaces its defaults' "loggers" with these; neither
# passes its lines on to the root's handler, which would print each twice.
logconfig_dict = {
    "filters": {"mask_tokens": {"()": "arcwise.log_masking.MaskTokens"}},
    "loggers": {
        "gunicorn.error": {
            "level": "INFO",
            "handlers": ["error_console"],
            "propagate": False,
            "qualname": "gunicorn.error",
            "filters": ["mask_tokens"],
        },
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["console"],
            "propagate": False,
            "qualname": "gunicorn.access",
            "filters": ["mask_tokens"],
        },
    },
}
