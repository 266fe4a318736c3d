"""Keys and signatures. No Qt, no SQL."""
