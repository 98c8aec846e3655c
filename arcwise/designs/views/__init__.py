"""Design pages, by what they serve.

`design_pages`: the list, creating (blank, starter or file), reading versions, exporting.
`designer_pages`: the designer where a draft is looked over, and its buttons (move, remove,
reorder, publish, discard). `details_pages` and `phase_pages`: the forms that change a
draft's details and its phases. `common`: what they share (access, refusals, page parts).
"""
