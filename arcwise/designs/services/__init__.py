"""Every write about journey designs, one module per family of actions.

Published versions are frozen; drafts are where work happens. Each function is one
transaction and raises `DomainError` with a readable message.

Every change carries the state it was made from and is checked on the locked row inside its
transaction, so a double click, a second tab or a retried request changes nothing twice:
changes to a draft name the draft's (or the phase's) `revision` the page showed, and forms
that create something carry an `idempotency_key`. A change from an out-of-date page raises
`StaleDraft`; a repeat of one that already happened raises `AlreadyDone` (both in
`refusals`).

`creating` makes designs and versions (blank, from a file, a new draft); `editing` changes a
draft's details and phases; `publishing` publishes or discards a draft; `sharing` says who
sees a design.
"""
