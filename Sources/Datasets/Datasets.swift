// The data sets of the course: see Datasets.swift (being written).
