import Foundation

/// Debian's Chromium, headless, for loading built pages from `file://`.
///
/// Two quirks of headless Chromium shape the helpers here:
/// - `--screenshot` paints the top `width`×`height` of the *document*, not the
///   scrolled viewport: a page opened at an anchor (`cnn.html#feature-maps`)
///   scrolls as it should, but the picture shows the unpainted space above the
///   viewport and comes out blank (a page of coloured bands opened 300 px down
///   shows 300 blank pixels, then the bands). The page is not at fault.
/// - a window narrower than 500 pixels is widened to 500 for `--dump-dom`.
///
/// So a page at an anchor, or at a phone's width, or after some interaction, is
/// loaded inside an iframe of exactly the asked size, in a small frame page:
/// the scrolling happens inside the frame, where the screenshot sees it, and a
/// probe script in a copy of the page measures its layout for `layout(of:)`
/// (and writes it on its iframe, so one browser can measure several widths at once).
struct HeadlessChromium {
  static let executable: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

  static var isAvailable: Bool { executable != nil }

  /// The DOM after the page's scripts ran.
  static func dumpDOM(_ url: URL) throws -> String {
    String(decoding: try run(["--dump-dom", url.absoluteString]), as: UTF8.self)
  }

  /// Saves a PNG of the page as a reader sees it in a window of the given size:
  /// scrolled to the URL's fragment if it has one, after `actions` (JavaScript
  /// statements run once the page has loaded, e.g. a click on the menu button).
  static func screenshot(_ url: URL, to file: URL, width: Int = 1280, height: Int = 900, actions: [String] = []) throws {
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    guard url.fragment != nil || !actions.isEmpty || width < 500 else {
      _ = try run(["--screenshot=\(file.path)", "--window-size=\(width),\(height)", "--hide-scrollbars", url.absoluteString])
      return
    }
    try withFramedPage(url, width: width, height: height, actions: actions) { frame in
      _ = try run(["--screenshot=\(file.path)", "--window-size=\(width),\(height)", "--hide-scrollbars", frame.absoluteString])
    }
  }

  /// Where things are once a page has loaded (and `actions` ran), in CSS pixels of its viewport.
  struct PageLayout: Decodable {
    let viewportWidth: Double
    let viewportHeight: Double
    /// How far the page is scrolled, and how far it could be.
    let scrollY: Double
    let maxScrollY: Double
    /// The top of the element the URL's fragment names, from the top of the viewport (nil: no such element).
    let targetTop: Double?
    /// The bottom of the sticky top bar: a target above it is hidden behind it.
    let topBarBottom: Double
    /// The document's width: wider than the viewport means the page scrolls sideways.
    let documentWidth: Double
    /// When the document is wider than the viewport, the element that sticks out furthest (tag.class).
    let overflowing: String?
    /// Whether the chapter list is on screen, and whether the menu button shows and says it is open.
    let sidebarShown: Bool
    /// The bottom of the chapter list's box: an open drawer reaches the bottom of the screen.
    let sidebarBottom: Double
    let menuButtonShown: Bool
    let menuExpanded: String?
    /// The focused element (tag, with its class or link text).
    let focused: String
    /// Whether a link in the chapter list takes focus (a hidden drawer's links must not).
    let sidebarLinkFocusable: Bool
    /// Code blocks on the page, and those whose code is wider than their box (they scroll sideways).
    let codeBlocks: Int
    let scrollingCodeBlocks: Int
    /// The smallest label of any figure as shown, in CSS pixels: the figure's width on screen over the width
    /// it was drawn at, times its smallest font size (`data-label-px`, from the SVG); nil without figures.
    let smallestFigureLabel: Double?
    /// The figure with the smallest labels (its `src`).
    let smallestLabelFigure: String?
    /// Images that did not load (their `src`), after every lazy image was asked to load.
    let brokenImages: [String]
    /// Whether the page is dark (its background's lightness below one half).
    let darkBackground: Bool
    /// What the actions left in `<body data-extra>`, for a test's own measurements.
    let extra: String?
    /// Errors the page's scripts threw after the probe began listening (the deferred scripts run after it).
    let scriptErrors: [String]
  }

  /// Loads a page at the given viewport size and measures its layout (see `PageLayout`).
  static func layout(of url: URL, width: Int = 1280, height: Int = 900, actions: [String] = []) throws -> PageLayout {
    try layouts(of: url, widths: [width], height: height, actions: actions)[0]
  }

  /// Loads a page once per width, side by side in one browser, and measures each (see `PageLayout`);
  /// `dark` asks for the system's dark preference (`prefers-color-scheme: dark`).
  static func layouts(of url: URL, widths: [Int], height: Int = 900, dark: Bool = false, actions: [String] = []) throws -> [PageLayout] {
    var result: [PageLayout] = []
    try withFramedPage(url, widths: widths, height: height, actions: actions) { frame in
      let scheme = "--blink-settings=preferredColorScheme=\(dark ? 0 : 1)"
      let dom = String(decoding: try run([
        "--allow-file-access-from-files", scheme, "--virtual-time-budget=20000", "--dump-dom",
        "--window-size=\((widths.max() ?? 1280) + 40),\(height + 40)", frame.absoluteString,
      ]), as: UTF8.self)
      for match in dom.components(separatedBy: "data-layout=\"").dropFirst() {
        guard let end = match.firstIndex(of: "\"") else { continue }
        let json = String(match[..<end]).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        guard !json.isEmpty else { continue }
        result.append(try JSONDecoder().decode(PageLayout.self, from: Data(json.utf8)))
      }
    }
    guard result.count == widths.count else {
      throw ChromiumError("\(url.lastPathComponent): measured \(result.count) of \(widths.count) widths: the probe did not run")
    }
    return result
  }

  /// Prints the page to PDF as a reader's Print command would (print styles, light or `dark`
  /// preference) and returns how many sheets it took.
  static func printedPageCount(_ url: URL, dark: Bool = false) throws -> Int {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("print-\(UUID().uuidString).pdf")
    defer { try? FileManager.default.removeItem(at: file) }
    _ = try run([
      "--blink-settings=preferredColorScheme=\(dark ? 0 : 1)", "--no-pdf-header-footer", "--print-to-pdf=\(file.path)", url.absoluteString,
    ])
    let pdf = String(decoding: try Data(contentsOf: file), as: UTF8.self)
    // The page tree's root says how many pages there are: `/Type /Pages … /Count 12`.
    let counts = pdf.components(separatedBy: "/Count ").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    return counts.max() ?? 0
  }

  /// `url` with `?q=query`, as a reader would type it.
  static func withQuery(_ url: URL, _ query: String) -> URL {
    var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
    components.queryItems = [URLQueryItem(name: "q", value: query)]
    return components.url!
  }

  /// The probe: runs the actions, then writes the layout as JSON into `<body data-layout>`.
  /// Transitions are switched off so a drawer is measured and photographed where it ends up.
  private static func probeScript(actions: [String]) -> String {
    """
    <style>*,*::before,*::after{transition:none!important;animation:none!important}</style>
    <script>
    const scriptErrors = [];
    addEventListener("error", (event) => scriptErrors.push(String(event.message)));
    addEventListener("unhandledrejection", (event) => scriptErrors.push(String(event.reason)));
    addEventListener("load", async () => {
      \(actions.joined(separator: ";\n  "));
      // Every image, lazy or not, asked to load and waited for.
      const images = Array.from(document.images);
      for (const image of images) image.loading = "eager";
      await Promise.all(images.map((image) => image.decode().catch(() => null)));
      const brokenImages = images.filter((image) => !image.complete || image.naturalWidth === 0).map((image) => image.getAttribute("src"));
      const blocks = Array.from(document.querySelectorAll(".content pre"));
      const scrollingCodeBlocks = blocks.filter((block) => block.scrollWidth > block.clientWidth + 1).length;
      let smallestFigureLabel = null, smallestLabelFigure = null;
      for (const image of document.querySelectorAll("img[data-label-px]")) {
        const drawn = parseFloat(image.getAttribute("width")), box = image.getBoundingClientRect();
        if (!(drawn > 0) || box.width === 0) continue;
        const label = box.width / drawn * parseFloat(image.getAttribute("data-label-px"));
        if (smallestFigureLabel === null || label < smallestFigureLabel) { smallestFigureLabel = label; smallestLabelFigure = image.getAttribute("src"); }
      }
      const background = getComputedStyle(document.body).backgroundColor.match(/[0-9.]+/g).map(Number);
      const darkBackground = (Math.max(...background.slice(0, 3)) + Math.min(...background.slice(0, 3))) / 2 < 128;
      const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
      const bar = document.querySelector(".top-bar");
      const sidebar = document.getElementById("sidebar");
      const toggle = document.querySelector(".menu-toggle");
      const shown = (element) => {
        if (!element) return false;
        const style = getComputedStyle(element), box = element.getBoundingClientRect();
        return style.display !== "none" && style.visibility !== "hidden" && box.right > 0 && box.left < innerWidth && box.width > 0;
      };
      const describe = (element) => !element || element === document.body ? "body"
        : element.tagName.toLowerCase() + (element.className ? "." + String(element.className).split(" ")[0] : "")
          + (element.tagName === "A" ? ":" + element.textContent.trim() : "");
      // Only when the page is too wide: which element makes it so (a clue for the message).
      let overflowing = null, widest = innerWidth;
      const tooWide = document.documentElement.scrollWidth > document.documentElement.clientWidth;
      for (const element of tooWide ? document.querySelectorAll("body *") : []) {
        const box = element.getBoundingClientRect();
        // Inside a scrolling box (a wide table, code, display math) sticking out is fine: that box scrolls
        // (unless the element is placed absolutely, when it may escape the box).
        let scrolls = false;
        const placed = getComputedStyle(element).position;
        for (let parent = element.parentElement; parent && parent !== document.body && placed !== "absolute" && placed !== "fixed"; parent = parent.parentElement) {
          const overflow = getComputedStyle(parent).overflowX;
          if (overflow === "auto" || overflow === "scroll" || overflow === "hidden") { scrolls = true; break; }
        }
        if (!scrolls && box.right > widest + 1) { widest = box.right; overflowing = describe(element); }
      }
      const focusedBefore = document.activeElement;
      const link = sidebar ? sidebar.querySelector("a") : null;
      let linkFocusable = false;
      if (link) {
        link.focus();
        linkFocusable = document.activeElement === link;
        // Put focus back where it was (nowhere: the body), so a screenshot shows no stray focus ring.
        if (focusedBefore && focusedBefore !== document.body) focusedBefore.focus(); else link.blur();
      }
      document.body.setAttribute("data-layout", JSON.stringify({
        viewportWidth: innerWidth, viewportHeight: innerHeight,
        scrollY: scrollY, maxScrollY: document.documentElement.scrollHeight - innerHeight,
        targetTop: target ? target.getBoundingClientRect().top : null,
        topBarBottom: bar ? bar.getBoundingClientRect().bottom : 0,
        documentWidth: document.documentElement.scrollWidth, overflowing: overflowing,
        sidebarShown: shown(sidebar), sidebarBottom: sidebar ? sidebar.getBoundingClientRect().bottom : 0,
        menuButtonShown: shown(toggle),
        menuExpanded: toggle ? toggle.getAttribute("aria-expanded") : null,
        focused: describe(focusedBefore), sidebarLinkFocusable: linkFocusable,
        codeBlocks: blocks.length, scrollingCodeBlocks: scrollingCodeBlocks,
        smallestFigureLabel: smallestFigureLabel, smallestLabelFigure: smallestLabelFigure,
        brokenImages: brokenImages, darkBackground: darkBackground, extra: document.body.getAttribute("data-extra"), scriptErrors: scriptErrors,
      }));
      if (window.frameElement) window.frameElement.setAttribute("data-layout", document.body.getAttribute("data-layout"));
    });
    </script>
    """
  }

  /// Runs `body` with a frame page that shows a probed copy of the page in an
  /// iframe of exactly `width`×`height`; the copies sit beside the page (so its
  /// styles and scripts load) and are removed afterwards.
  private static func withFramedPage(_ url: URL, width: Int, height: Int, actions: [String], _ body: (URL) throws -> Void) throws {
    try withFramedPage(url, widths: [width], height: height, actions: actions, body)
  }

  /// As above, with one iframe per width, one under the other.
  private static func withFramedPage(_ url: URL, widths: [Int], height: Int, actions: [String], _ body: (URL) throws -> Void) throws {
    var page = URLComponents(url: url, resolvingAgainstBaseURL: false)!
    let fragment = page.fragment
    let query = page.query
    page.fragment = nil
    page.query = nil
    let pageFile = page.url!
    let folder = pageFile.deletingLastPathComponent()
    let name = UUID().uuidString
    let probe = folder.appendingPathComponent(".probe-\(name)-\(pageFile.lastPathComponent)")
    let frame = folder.appendingPathComponent(".frame-\(name).html")
    defer {
      try? FileManager.default.removeItem(at: probe)
      try? FileManager.default.removeItem(at: frame)
    }
    let html = try String(contentsOf: pageFile, encoding: .utf8)
    try Data(html.replacingOccurrences(of: "</body>", with: probeScript(actions: actions) + "</body>").utf8).write(to: probe)
    let source = probe.lastPathComponent + (query.map { "?" + $0 } ?? "") + (fragment.map { "#" + $0 } ?? "")
    let frames = widths.map { width in
      """
      <iframe src="\(source)" width="\(width)" height="\(height)"></iframe>
      """
    }
    let framePage = """
      <!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body{margin:0;overflow:hidden}iframe{border:0;display:block}</style></head>
      <body>\(frames.joined())</body></html>
      """
    try Data(framePage.utf8).write(to: frame)
    try body(frame)
  }

  private static func run(_ arguments: [String]) throws -> Data {
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable!)
    // As root Chromium needs --no-sandbox; a profile per call lets tests run in parallel.
    process.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
      "--user-data-dir=\(profile.path)",
    ] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
  }
}

struct ChromiumError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
