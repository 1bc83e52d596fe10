// A chapter imports CourseKit and gets what every chapter's main.swift
// needs to declare its command.
@_exported import ArgumentParser
