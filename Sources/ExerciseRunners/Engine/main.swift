// Runs one of this chapter's checks in this process, for `course check` and `swift test`.
import ExerciseChecks
import EngineChecks

ExerciseRunner.main(chapterExercises)
