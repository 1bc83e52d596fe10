// Reading aids: copy buttons on code, the sidebar drawer on small screens, the colour
// theme button, ←/→ for the previous and next page, and the current section marked in the contents.
"use strict";
(function () {
  // The page's words in its edition's language (a Chinese page has lang="zh-CN").
  const chinese = /^zh/i.test(document.documentElement.lang || "");
  const words = chinese
    ? { copy: "复制", copyLabel: "复制这段代码", copied: "已复制", selected: "已选中", search: "搜索…",
        themes: { system: "跟随系统", light: "浅色", dark: "深色" }, themeLabel: (name) => "配色：" + name + "（点击切换）" }
    : { copy: "Copy", copyLabel: "Copy this code", copied: "Copied", selected: "Selected", search: "Search…",
        themes: { system: "System", light: "Light", dark: "Dark" }, themeLabel: (name) => "Colour theme: " + name.toLowerCase() + " (click to change)" };

  // The language switch goes to the same section of the other edition, and the choice is remembered:
  // the English landing page sends a reader who chose 中文 to zh/ on the next visit (the switch on
  // every page always goes back). From file:// too: localStorage works there, and a failure changes nothing.
  const languageSwitch = document.querySelector(".language-switch");
  if (languageSwitch) {
    languageSwitch.addEventListener("click", () => {
      try { localStorage.setItem("course-language", languageSwitch.getAttribute("data-language")); } catch (error) {}
      languageSwitch.href = languageSwitch.href.split("#")[0] + location.hash;
    });
    let stored = null;
    try { stored = localStorage.getItem("course-language"); } catch (error) {}
    if (!chinese && stored === "zh" && document.body.classList.contains("page-index") && !location.hash) {
      location.replace(languageSwitch.href);
      return;
    }
  }
  // Copy buttons: added here, so a page without scripts shows no dead buttons.
  for (const block of document.querySelectorAll(".code-block")) {
    const code = block.querySelector("pre code");
    if (!code) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = words.copy;
    button.setAttribute("aria-label", words.copyLabel);
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(code.innerText);
        button.textContent = words.copied;
      } catch (error) {
        const range = document.createRange();
        range.selectNodeContents(code);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        button.textContent = words.selected;
      }
      setTimeout(() => { button.textContent = words.copy; }, 1500);
    });
    // In the caption bar above the code, where it covers no line.
    (block.querySelector(".code-source") || block).appendChild(button);
  }

  // The sidebar drawer (small screens): the button opens and closes it, by
  // mouse, touch or keyboard (it is a <button>: Enter and Space work); opening
  // moves focus to the first chapter; Escape, a tap beside it, or Tab out of it
  // closes it, and Escape gives focus back to the button.
  const toggle = document.querySelector(".menu-toggle");
  const sidebar = document.getElementById("sidebar");
  if (toggle && sidebar) {
    const setOpen = (open) => {
      sidebar.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", String(open));
    };
    toggle.addEventListener("click", () => {
      const open = !sidebar.classList.contains("open");
      setOpen(open);
      if (open) { const link = sidebar.querySelector("a"); if (link) link.focus(); }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && sidebar.classList.contains("open")) {
        setOpen(false);
        toggle.focus();
      }
    });
    document.addEventListener("click", (event) => {
      if (sidebar.classList.contains("open") && !sidebar.contains(event.target) && !toggle.contains(event.target)) setOpen(false);
      // A section of this page, followed from the drawer: the drawer gets out of the way.
      if (sidebar.classList.contains("open") && event.target.closest && event.target.closest(".nav-sections a")) setOpen(false);
    });
    sidebar.addEventListener("focusout", (event) => {
      const next = event.relatedTarget;
      if (next && !sidebar.contains(next) && next !== toggle && sidebar.classList.contains("open")) setOpen(false);
    });
  }

  // On a small screen the search box is narrow, and has no "/" key to advertise.
  const searchInput = document.getElementById("search-input");
  if (searchInput && window.matchMedia) {
    const narrow = window.matchMedia("(max-width: 820px)");
    const full = searchInput.getAttribute("placeholder");
    const fit = () => searchInput.setAttribute("placeholder", narrow.matches ? words.search : full);
    fit();
    if (narrow.addEventListener) narrow.addEventListener("change", fit);
  }

  // The colour theme: the button cycles system → light → dark, and the choice is remembered
  // (the script at the top of the page applies it before the page is drawn).
  const themeButton = document.querySelector(".theme-toggle");
  const root = document.documentElement;
  const systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  const applyTheme = (choice) => {
    const dark = choice === "dark" || (choice === "system" && systemDark && systemDark.matches);
    root.setAttribute("data-theme", dark ? "dark" : "light");
    root.setAttribute("data-theme-choice", choice);
    if (themeButton) {
      const icons = { system: "◐", light: "☀", dark: "☾" };
      themeButton.innerHTML = '<span aria-hidden="true">' + icons[choice] + '</span> <span class="theme-name">' + words.themes[choice] + "</span>";
      themeButton.setAttribute("aria-label", words.themeLabel(words.themes[choice]));
    }
  };
  if (themeButton) {
    themeButton.hidden = false;
    applyTheme(root.getAttribute("data-theme-choice") || "system");
    themeButton.addEventListener("click", () => {
      const order = ["system", "light", "dark"];
      const next = order[(order.indexOf(root.getAttribute("data-theme-choice") || "system") + 1) % order.length];
      try { localStorage.setItem("course-theme", next); } catch (error) {}
      applyTheme(next);
    });
  }
  if (systemDark && systemDark.addEventListener) {
    systemDark.addEventListener("change", () => applyTheme(root.getAttribute("data-theme-choice") || "system"));
  }

  // ← and → go to the previous and next page (not while typing, nor inside a box that scrolls sideways).
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    const focused = document.activeElement;
    if (focused && (/^(input|textarea|select)$/i.test(focused.tagName) || focused.isContentEditable)) return;
    if (focused && focused.closest && focused.closest("pre, .figure-frame, .table-wrap, .math-display")) return;
    const link = document.querySelector(event.key === "ArrowLeft" ? '.prev-next a[rel="prev"]' : '.prev-next a[rel="next"]');
    if (link) { event.preventDefault(); link.click(); }
  });

  // The contents: mark the section being read.
  const tocLinks = Array.from(document.querySelectorAll(".page-toc a, .nav-sections a"));
  const targets = Array.from(new Set(tocLinks.map((link) => document.getElementById(decodeURIComponent(link.hash.slice(1)))).filter(Boolean)));
  if (targets.length > 0 && "IntersectionObserver" in window) {
    const observer = new IntersectionObserver((observed) => {
      for (const entry of observed) {
        if (!entry.isIntersecting) continue;
        for (const link of tocLinks) link.classList.toggle("active", link.hash === "#" + entry.target.id);
      }
    }, { rootMargin: "-10% 0px -75% 0px" });
    for (const target of targets) observer.observe(target);
  }
})();
