// Plots drawn by gnuplot: see Plot.swift (being written).
