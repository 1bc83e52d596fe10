/// Chapter 4's exercises (being written).
let convolutionExercises: [Exercise] = []
