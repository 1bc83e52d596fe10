import ExerciseChecks

/// This chapter's exercises, under the name every chapter's runner uses.
public var chapterExercises: [Exercise] { engineExercises }
