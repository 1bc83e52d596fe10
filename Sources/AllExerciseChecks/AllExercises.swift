// Every chapter's checks in one list, for code that judges implementations
// in-process (the tests). `course` must not depend on this module: it links
// every chapter's learner code, so one compile error would stop it building.
@_exported import ExerciseChecks
import AttentionChecks
import BackpropChecks
import CompressionChecks
import ConvolutionChecks
import CrossEntropyChecks
import GeneralizationChecks
import EngineChecks
import NeuronsChecks
import RecurrentChecks

/// Every exercise of the course with its check, in chapter order (the order of ``ExerciseCatalog/all``).
public let allExercises: [Exercise] =
  NeuronsChecks.chapterExercises + BackpropChecks.chapterExercises + CrossEntropyChecks.chapterExercises
  + ConvolutionChecks.chapterExercises + GeneralizationChecks.chapterExercises + RecurrentChecks.chapterExercises
  + AttentionChecks.chapterExercises
  + CompressionChecks.chapterExercises
  + EngineChecks.chapterExercises

