"""Plain-Python domain: values, enums, rules and errors. No Qt, no SQL."""
