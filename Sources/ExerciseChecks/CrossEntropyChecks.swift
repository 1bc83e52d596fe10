/// Chapter 3's exercises (being written).
let crossEntropyExercises: [Exercise] = []
