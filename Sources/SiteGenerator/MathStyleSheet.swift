import Foundation

/// KaTeX's stylesheet and the site's math markup, shortened together: the
/// one place that decides the short names, so the stylesheet and every page
/// always agree (`MathMarkupCompactor` does the pages).
///
/// The names are deterministic for a given site: KaTeX's classes get
/// lowercase names (`a`…`z`, then `a0`…) in the stylesheet's order, the
/// generated classes for combinations of classes and inline style uppercase
/// ones (`A`…`Z`, then `A0`…), the commonest first, ties alphabetical. The two
/// alphabets never meet, and a name the site's own stylesheets use as a class
/// is skipped. `katex` and `katex-display`, and every class the site's
/// stylesheets name, keep their names: they are the hooks the site styles
/// math by (and tests look for).
struct MathStyleSheet: Codable {
  let compactor: MathMarkupCompactor
  /// KaTeX's stylesheet with its selectors rewritten, followed by the generated classes' styles.
  let css: String

  /// - Parameters:
  ///   - katexCSS: KaTeX's stylesheet as it ships.
  ///   - siteCSS: the site's own stylesheets (`Site/assets/*.css`).
  ///   - formulas: KaTeX's HTML for every formula of the site.
  init(katexCSS: String, siteCSS: [String], formulas: some Collection<String>) {
    var siteClasses: Set<String> = ["katex", "katex-display"]
    for sheet in siteCSS {
      for selector in StyleSheetSelectors.selectors(sheet) { siteClasses.formUnion(StyleSheetSelectors.classNames(in: selector)) }
    }
    var katexClasses: [String] = []
    for selector in StyleSheetSelectors.selectors(katexCSS) {
      for name in StyleSheetSelectors.classNames(in: selector) where !siteClasses.contains(name) && !katexClasses.contains(name) {
        katexClasses.append(name)
      }
    }
    let classNames = Dictionary(uniqueKeysWithValues: zip(katexClasses, Self.names(first: "abcdefghijklmnopqrstuvwxyz", avoiding: siteClasses)))

    let usage = MathMarkupCompactor.usage(formulas, katexClasses: Set(katexClasses), keptClasses: siteClasses)
    let combinations = usage.keys.sorted { (usage[$0]!, $1) > (usage[$1]!, $0) }
    let generated = Array(zip(combinations, Self.names(first: "ABCDEFGHIJKLMNOPQRSTUVWXYZ", avoiding: siteClasses)))
    compactor = MathMarkupCompactor(classNames: classNames, keptClasses: siteClasses, combinedClasses: Dictionary(uniqueKeysWithValues: generated))

    // A KaTeX class in a selector matches its short name or any generated class that includes it.
    var including: [String: [String]] = [:]
    for (key, name) in generated {
      for original in key.split(separator: "|", omittingEmptySubsequences: false)[0].split(separator: " ") {
        including[String(original), default: []].append(name)
      }
    }
    var sheet = StyleSheetSelectors.rewrite(katexCSS) { selector in
      let renamed = StyleSheetSelectors.renamingClasses(in: selector) { original in
        guard let short = classNames[original] else { return "." + original }
        guard let others = including[original] else { return "." + short }
        return ":is(" + ([short] + others).map { "." + $0 }.joined(separator: ",") + ")"
      }
      return StyleSheetSelectors.renamingElements(in: renamed, "span", to: MathMarkupCompactor.elementName)
    }
    sheet += "\n/* KaTeX's inline styles, in the generated classes (by the site build). */\n"
    for (key, name) in generated {
      let style = key.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)[1]
      let declarations = style.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      if !declarations.isEmpty { sheet += ".\(name){" + declarations.map { $0 + "!important" }.joined(separator: ";") + "}\n" }
    }
    css = sheet
  }

  /// Class names in order of length: one letter of `first`, then that letter
  /// followed by a letter or digit, and so on; never one of `avoiding`.
  static func names(first: String, avoiding: Set<String>) -> AnySequence<String> {
    let rest = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    let starts = Array(first).map(String.init)
    return AnySequence(
      sequence(state: (length: 1, counter: 0)) { state -> String? in
        while true {
          // counter enumerates starts × rest^(length-1).
          let tails = Int(pow(Double(rest.count), Double(state.length - 1)))
          if state.counter >= starts.count * tails {
            state.length += 1
            state.counter = 0
            continue
          }
          var value = state.counter % tails
          var name = starts[state.counter / tails]
          for _ in 1..<state.length {
            name.append(rest[value % rest.count])
            value /= rest.count
          }
          state.counter += 1
          if !avoiding.contains(name) { return name }
        }
      })
  }
}
