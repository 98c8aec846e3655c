"""Design files (YAML, `arcwise: 1`), documented in docs/design-format.md.

`format` says what the format is, `parsing` turns bytes into a YAML node tree while refusing
hostile input, `reading` turns that tree into a checked `DesignSpec`, and `writing` turns a
`DesignSpec` back into text. All pure: no Django import.
"""
