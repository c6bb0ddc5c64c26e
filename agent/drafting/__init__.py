"""Evidence-first drafting: evidence chosen in code, angles from the data, a script written part by part,
each part checked in code against what it cites (issue 10). The model only phrases."""
