/* Read a page aloud with the phone's own voices (Web Speech API).
 *
 * The button is in the page but hidden: without JavaScript there is nothing to press. With
 * it, the button appears; if the phone has no voice for the page's language it says so
 * instead of reading in the wrong voice. Text in another language than the page (a
 * caseworker's own words in Swedish) is read by a voice for that language, or left out when
 * the phone has none. Numbers and codes of five digits or more (phone numbers, codes) are
 * read digit by digit.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-read-aloud]");
  if (!box) return;
  var button = box.querySelector("button");
  var label = button.querySelector("[data-label]");
  var target = document.querySelector(box.getAttribute("data-read-aloud")) || document.body;
  var synth = window.speechSynthesis;
  // What is not part of what the page says: controls, links to other places, and the map.
  var SKIP = "script, style, button, form, nav, [hidden], [aria-hidden='true'], [data-no-read]," +
    " .button, .button-group, .map-link, .entry__action, .week-nav, .visually-hidden";
  var ALIASES = { ku: ["kmr"], "fa-af": ["prs", "fa"], ckb: ["ckb"] };

  function candidates(tag) {
    tag = (tag || "").toLowerCase().replace(/_/g, "-");
    var primary = tag.split("-")[0];
    return [tag, primary].concat(ALIASES[tag] || ALIASES[primary] || []);
  }

  function voiceFor(tag) {
    var voices = synth ? synth.getVoices() : [];
    var wanted = candidates(tag);
    for (var i = 0; i < wanted.length; i++) {
      for (var j = 0; j < voices.length; j++) {
        var lang = (voices[j].lang || "").toLowerCase().replace(/_/g, "-");
        if (lang === wanted[i] || lang.split("-")[0] === wanted[i]) return voices[j];
      }
    }
    return null;
  }

  // "070-123 45 67" -> "0 7 0 1 2 3 4 5 6 7": a voice would say "seventy" or "one hundred
  // and twenty-three". Times (08:30) and years (2026) are read as they are.
  function digitByDigit(text) {
    return text.replace(/\d[\d \u00a0-]{3,}\d/g, function (run) {
      var digits = run.replace(/\D/g, "");
      return digits.length >= 5 ? " " + digits.split("").join(" ") + " " : run;
    });
  }

  // The text of the page in reading order, in runs of one language each.
  function runs(root, pageLang) {
    var found = [];
    function add(text, lang) {
      text = text.replace(/\s+/g, " ");
      if (!text.trim()) return;
      var last = found[found.length - 1];
      if (last && last.lang === lang) last.text += text;
      else found.push({ lang: lang, text: text });
    }
    function walk(node, lang) {
      if (node.nodeType === 3) return add(node.nodeValue, lang);
      if (node.nodeType !== 1 || node.matches(SKIP)) return;
      var own = node.getAttribute("lang") || lang;
      if (node.hasAttribute("data-digits")) return add(" " + digitByDigit(node.textContent) + " ", own);
      var block = /^(P|LI|DT|DD|H[1-6]|SECTION|DIV|UL|OL|DL)$/.test(node.tagName);
      if (block) add(". ", own);
      for (var child = node.firstChild; child; child = child.nextSibling) walk(child, own);
      add(block ? ". " : " ", own);
    }
    walk(root, pageLang);
    return found.map(function (run) {
      return { lang: run.lang, text: digitByDigit(run.text).replace(/(\s*\.\s*)+/g, ". ").replace(/^\. /, "") };
    });
  }

  function show(reading) {
    label.textContent = box.getAttribute(reading ? "data-stop" : "data-start");
  }

  function speak() {
    var pageLang = document.documentElement.lang;
    var queue = runs(target, pageLang).filter(function (run) { return voiceFor(run.lang); });
    if (!queue.length) return;
    synth.cancel();
    show(true);
    queue.forEach(function (run, index) {
      var utterance = new SpeechSynthesisUtterance(run.text);
      utterance.lang = run.lang;
      utterance.voice = voiceFor(run.lang);
      if (index === queue.length - 1) {
        utterance.onend = utterance.onerror = function () { show(false); };
      }
      synth.speak(utterance);
    });
  }

  function ready() {
    box.hidden = false;
    if (!synth || !window.SpeechSynthesisUtterance || !voiceFor(document.documentElement.lang)) {
      button.disabled = true;
      label.textContent = box.getAttribute("data-no-voice");
      return;
    }
    button.disabled = false;
    show(false);
  }

  button.addEventListener("click", function () {
    if (synth && synth.speaking) {
      synth.cancel();
      show(false);
    } else {
      speak();
    }
  });

  // Voices load asynchronously on many phones: decide when they come, or after a moment.
  if (synth && synth.getVoices().length === 0 && synth.addEventListener) {
    synth.addEventListener("voiceschanged", ready);
    window.setTimeout(ready, 1500);
  } else {
    ready();
  }
})();
