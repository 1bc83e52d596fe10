// Offline full-text search over window.COURSE_SEARCH_INDEX (assets/search-index.js; the Chinese
// pages', zh/assets/search-index.js), in English and in Chinese.
// The index is loaded with <script src> (so it works from file:// with no server), and only
// when a search begins: focus on the box, a key typed, or a query in the URL.
// A query in the URL (page.html?q=word) runs on load; a result opens its page with the
// words marked (page.html?highlight=word#section).
"use strict";
(function () {
  // The engine: pure functions over the index's entries, with no page.
  const engine = (function () {
    // ASCII names a reader types for the symbols the formulas are indexed with.
    const symbols = {
      alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", zeta: "ζ", eta: "η", theta: "θ",
      iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π", rho: "ρ", sigma: "σ",
      tau: "τ", phi: "φ", chi: "χ", psi: "ψ", omega: "ω", sqrt: "√", sum: "∑", prod: "∏",
      infinity: "∞", infty: "∞", partial: "∂", nabla: "∇", times: "×", cdot: "·", approx: "≈",
      leq: "≤", geq: "≥", neq: "≠", odot: "⊙", otimes: "⊗", hat: "̂",
    };

    // Chinese is written without spaces, so its runs of Han characters are matched by character
    // pairs (bigrams: 交叉熵 → 交叉, 叉熵), which find a term inside a longer run of text.
    const han = /\p{Script=Han}/u;
    const hanRuns = /\p{Script=Han}+/gu;

    // The parts of a query in order: words as typed (lowercased; Latin words are matched as substrings)
    // and runs of Han characters; `softmax函数` is the word softmax and the run 函数, and punctuation
    // between Chinese runs (交叉熵，梯度) separates them.
    function parts(query) {
      const found = [];
      for (const token of query.toLowerCase().split(/\s+/)) {
        if (!token) continue;
        if (!han.test(token)) { found.push({ text: token, chinese: false }); continue; }
        for (const piece of token.split(/(\p{Script=Han}+)/u)) {
          if (han.test(piece)) found.push({ text: piece, chinese: true });
          else if (piece && !/^[\p{P}\p{S}]+$/u.test(piece)) found.push({ text: piece, chinese: false });
        }
      }
      return found;
    }

    // A run's bigrams, each once; a one-character run is its character. (Pairs of UTF-16 code units:
    // a character beyond the first plane is two, and pairs with its neighbours as such, alike in the
    // text and in the query.)
    function bigrams(run) {
      if (run.length === 1) return [run];
      const pairs = new Set();
      for (let i = 0; i + 1 < run.length; i += 1) pairs.add(run.slice(i, i + 2));
      return Array.from(pairs);
    }

    // The bigram at `at` as a number, a cheaper key than a string for the index's maps.
    function pairKey(text, at) {
      return text.charCodeAt(at) * 65536 + text.charCodeAt(at + 1);
    }

    // The spellings a word of the query matches: itself, and its symbol if it names one (sigma → σ).
    function spellings(term) {
      const symbol = symbols[term];
      return symbol ? [term, symbol] : [term];
    }

    // What to mark for a query: each word's spellings, and every piece of two or more characters of
    // each Chinese run (longest first, so 交叉熵 is marked whole where it stands whole).
    function markedTerms(query) {
      const terms = [];
      for (const part of parts(query)) {
        if (!part.chinese) { terms.push(...spellings(part.text)); continue; }
        const characters = Array.from(part.text);
        if (characters.length === 1) terms.push(part.text);
        for (let length = 2; length <= characters.length; length += 1) {
          for (let start = 0; start + length <= characters.length; start += 1) terms.push(characters.slice(start, start + length).join(""));
        }
      }
      return Array.from(new Set(terms)).sort((a, b) => b.length - a.length);
    }

    function escapeHTML(text) {
      return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
    }

    function escapeRegExp(text) {
      return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }

    // One pattern for every term, longest first.
    function pattern(terms) {
      const all = terms.slice().sort((a, b) => b.length - a.length);
      return new RegExp("(" + all.map(escapeRegExp).join("|") + ")", "gi");
    }

    // How often `needle` occurs in `text`, up to 20.
    function occurrences(text, needle) {
      let count = 0;
      let from = text.indexOf(needle);
      while (from !== -1 && count < 20) { count += 1; from = text.indexOf(needle, from + needle.length); }
      return count;
    }

    // The index over the entries of search-index.js: each entry lowercased, with every bigram of its
    // Chinese text and how often it occurs there, and the bigrams of its heading and page title.
    function createIndex(raw) {
      const countPairs = (text, counting) => {
        const counts = new Map();
        hanRuns.lastIndex = 0;
        for (let match = hanRuns.exec(text); match; match = hanRuns.exec(text)) {
          const run = match[0];
          for (let i = 0; i + 1 < run.length; i += 1) {
            const key = pairKey(run, i);
            counts.set(key, counting ? (counts.get(key) || 0) + 1 : 1);
          }
        }
        return counts;
      };
      const entries = raw.map((entry) => {
        const lowerText = entry.text.toLowerCase();
        const lowerHeading = entry.heading.toLowerCase();
        const lowerPage = entry.page.toLowerCase();
        return {
          ...entry, lowerText, lowerHeading, lowerPage,
          textPairs: countPairs(lowerText, true),
          titlePairs: countPairs(lowerHeading + "\n" + lowerPage, false),
        };
      });
      return { entries };
    }

    // How one entry answers one part of the query: whether it holds it (every bigram of a Chinese
    // run, or `half` of them), whether it holds it whole, and its score (headings and titles count
    // more than body text).
    function answer(entry, part, half) {
      if (!part.chinese) {
        let inHeading = false;
        let count = 0;
        for (const spelling of spellings(part.text)) {
          inHeading = inHeading || entry.lowerHeading.includes(spelling) || entry.lowerPage.includes(spelling);
          count += occurrences(entry.lowerText, spelling);
        }
        return { holds: inHeading || count > 0, whole: true, score: (inHeading ? 10 : 0) + Math.min(count, 20) };
      }
      const inHeading = entry.lowerHeading.includes(part.text) || entry.lowerPage.includes(part.text);
      const wholeCount = occurrences(entry.lowerText, part.text);
      const pairs = bigrams(part.text);
      let found = 0;
      let pairCount = 0;
      for (const pair of pairs) {
        const count = pair.length === 1 ? occurrences(entry.lowerText, pair) : Math.min(20, entry.textPairs.get(pairKey(pair, 0)) || 0);
        const titled = pair.length === 1 ? entry.lowerHeading.includes(pair) || entry.lowerPage.includes(pair)
          : entry.titlePairs.has(pairKey(pair, 0));
        if (count > 0 || titled) found += 1;
        pairCount += count;
      }
      const holds = inHeading || wholeCount > 0 || found === pairs.length || (half && found * 2 >= pairs.length);
      const score = (inHeading ? 10 : 0) + wholeCount * 2 + pairCount / pairs.length;
      // Whole in the section itself: a page title holding it names every section of the page.
      return { holds, whole: entry.lowerHeading.includes(part.text) || wholeCount > 0, score };
    }

    // The entries that hold every part of the query, best first: those holding the whole query as
    // written (its parts in order, spaces or none between them), then those holding more of its
    // Chinese runs whole, then by score. When no entry holds every bigram of a Chinese run, entries
    // holding half of them are taken (交叉熵损失函数 finds a section with 交叉熵 and 损失函数).
    function search(index, query) {
      const queryParts = parts(query);
      if (queryParts.length === 0) return [];
      const phrase = queryParts.length > 1 ? new RegExp(queryParts.map((part) => escapeRegExp(part.text)).join("\\s*")) : null;
      // An entry's rank for the query, or null when it does not hold every part.
      const rank = (entry, half) => {
        let score = 0;
        let whole = 0;
        for (const part of queryParts) {
          const found = answer(entry, part, half);
          if (!found.holds) return null;
          score += found.score;
          if (found.whole) whole += 1;
        }
        const asWritten = phrase && (phrase.test(entry.lowerText) || phrase.test(entry.lowerHeading)) ? 1 : 0;
        return [asWritten, whole, score];
      };
      for (const half of [false, true]) {
        const results = [];
        for (const entry of index.entries) {
          const found = rank(entry, half);
          if (found) results.push({ entry, rank: found });
        }
        if (results.length > 0 || !queryParts.some((part) => part.chinese && bigrams(part.text).length > 1)) {
          results.sort((a, b) => b.rank[0] - a.rank[0] || b.rank[1] - a.rank[1] || b.rank[2] - a.rank[2]);
          return results.map((result) => result.entry);
        }
      }
      return [];
    }

    // A few lines of the entry's text around the first (longest) term it holds, the terms marked.
    function snippet(entry, terms) {
      let at = -1;
      for (const term of terms) { at = entry.lowerText.indexOf(term); if (at >= 0) break; }
      // Chinese characters are about twice as wide as Latin letters: half as many fill the same lines.
      const length = han.test(entry.text.slice(Math.max(0, at), Math.max(0, at) + 40)) ? 90 : 180;
      const start = Math.max(0, at - length / 3);
      const text = (start > 0 ? "…" : "") + entry.text.slice(start, start + length) + (start + length < entry.text.length ? "…" : "");
      return escapeHTML(text).replace(pattern(terms.map(escapeHTML)), "<mark>$1</mark>");
    }

    return { parts, bigrams, markedTerms, createIndex, search, snippet, pattern, escapeHTML };
  })();

  // In node (the tests) search.js is a module of the engine; on a page it runs the search box.
  if (typeof document === "undefined") { module.exports = engine; return; }

  const { markedTerms, createIndex, search, snippet, pattern, escapeHTML } = engine;
  const input = document.getElementById("search-input");
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  // The index lies beside this script: the Chinese pages (zh/, <html lang="zh-CN">) load their own
  // copy, zh/assets/search.js, beside zh/assets/search-index.js; they say their results in Chinese.
  const here = document.currentScript || document.querySelector('script[src$="search.js"]');
  const indexSource = here ? here.getAttribute("src").replace(/search\.js$/, "search-index.js") : "assets/search-index.js";
  const chinese = /^zh\b/i.test(document.documentElement.lang || "");
  const messages = chinese ? {
    none: (query) => "没有与“" + query + "”匹配的小节。",
    matching: (count) => count + " 个小节匹配",
    results: (count) => count + " 个结果",
  } : {
    none: (query) => "No results for “" + query + "”.",
    matching: (count) => count + (count === 1 ? " section matches" : " sections match"),
    results: (count) => count + (count === 1 ? " result" : " results"),
  };

  let index = null;
  let loading = null;
  // Loads the index once; `then` runs when it is there.
  function withIndex(then) {
    if (index) { then(); return; }
    if (window.COURSE_SEARCH_INDEX) {
      index = createIndex(window.COURSE_SEARCH_INDEX);
      then();
      return;
    }
    if (!loading) {
      loading = [];
      const script = document.createElement("script");
      script.src = indexSource;
      script.onload = () => { const waiting = loading; loading = null; withIndex(() => waiting.forEach((run) => run())); };
      document.head.appendChild(script);
    }
    loading.push(then);
  }

  // A result's link: the page with the words to mark, then its section.
  function resultURL(entry, query) {
    const [page, anchor] = entry.url.split("#");
    return page + "?highlight=" + encodeURIComponent(query.trim()) + (anchor ? "#" + anchor : "");
  }

  function show(query) {
    const terms = markedTerms(query);
    list.innerHTML = "";
    if (terms.length === 0) { list.hidden = true; status.textContent = ""; list.removeAttribute("data-result-count"); return; }
    withIndex(() => {
      if (input.value !== query) return;  // typed on while the index loaded
      const results = search(index, query);
      list.innerHTML = "";
      list.setAttribute("data-result-count", String(results.length));
      const count = results.length === 0 ? messages.none(escapeHTML(query)) : messages.matching(results.length);
      list.innerHTML = '<li class="' + (results.length === 0 ? "no-results" : "result-count") + '">' + count + "</li>";
      for (const entry of results) {
        const item = document.createElement("li");
        item.className = "search-result";
        const heading = entry.heading && entry.heading !== entry.page ? escapeHTML(entry.heading) + ' <span class="result-page">· ' + escapeHTML(entry.page) + "</span>" : escapeHTML(entry.page);
        item.innerHTML = '<a href="' + escapeHTML(resultURL(entry, query)) + '"><span class="result-title">' + heading + '</span><span class="result-snippet">' + snippet(entry, terms) + "</span></a>";
        list.appendChild(item);
      }
      list.hidden = false;
      status.textContent = messages.results(results.length);
    });
  }

  // Marks the words a search opened this page with, in its text (not inside formulas or code's markup).
  function highlightOnArrival(query) {
    const content = document.querySelector(".content");
    const terms = markedTerms(query);
    if (!content || terms.length === 0) return;
    const matcher = pattern(terms);
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => node.parentElement.closest(".katex, script, style, mark, .anchor")
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    const nodes = [];
    while (walker.nextNode()) { matcher.lastIndex = 0; if (matcher.test(walker.currentNode.data)) nodes.push(walker.currentNode); }
    for (const node of nodes) {
      const fragment = document.createDocumentFragment();
      let last = 0;
      node.data.replace(matcher, (match, group, offset) => {
        fragment.appendChild(document.createTextNode(node.data.slice(last, offset)));
        const mark = document.createElement("mark");
        mark.className = "search-hit";
        mark.textContent = match;
        fragment.appendChild(mark);
        last = offset + match.length;
        return match;
      });
      fragment.appendChild(document.createTextNode(node.data.slice(last)));
      node.parentNode.replaceChild(fragment, node);
    }
  }

  const parameters = new URLSearchParams(window.location.search);
  const highlight = parameters.get("highlight");
  if (highlight) highlightOnArrival(highlight);

  if (!input || !list) return;
  input.addEventListener("focus", () => withIndex(() => {}), { once: true });
  input.addEventListener("input", () => show(input.value));
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { const first = list.querySelector("a"); if (first) { event.preventDefault(); first.focus(); } }
    if (event.key === "Escape") { input.value = ""; show(""); }
    if (event.key === "Enter") { const first = list.querySelector("a"); if (first) { event.preventDefault(); first.click(); } }
  });
  list.addEventListener("keydown", (event) => {
    const links = Array.from(list.querySelectorAll("a"));
    const position = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && position < links.length - 1) { event.preventDefault(); links[position + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (position > 0 ? links[position - 1] : input).focus(); }
    if (event.key === "Escape") { input.focus(); show(""); input.value = ""; }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && document.activeElement !== input && !/input|textarea/i.test(document.activeElement.tagName)) {
      event.preventDefault();
      input.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".search")) list.hidden = true;
  });

  const query = parameters.get("q");
  if (query) { input.value = query; show(query); }
})();
