/// Chapter 2's exercises (being written).
let backpropExercises: [Exercise] = []
