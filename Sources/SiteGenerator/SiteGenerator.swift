// The course website generator (being written).
