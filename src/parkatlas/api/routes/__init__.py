"""One router per resource; each route parses, calls one core function, returns its result."""
