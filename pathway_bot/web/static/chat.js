/* Pathway Bot: turns the one-question-per-page form flow into a chat.
   Without this file everything still works: each answer is posted and the next page loads.
   With it, answers are posted in the background, the conversation grows on one page,
   focus moves to the new question and a live region announces it. */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  // ---- Leave this site quickly (GOV.UK "Exit this page") ----
  // The exit link goes to our /exit, which forgets the conversation and sends the person on
  // to an everyday site. location.replace leaves no history entry: Back cannot return here.
  var exitLink = document.querySelector("[data-quick-exit]");
  var exitStatus = document.querySelector("[data-quick-exit-status]");
  var SHIFT_PRESSES_TO_EXIT = 3;
  var SHIFT_WINDOW_MS = 5000;
  var shiftPresses = 0;
  var shiftUsedWithAnotherKey = false;
  var shiftTimer = null;

  function exitNow() {
    if (!exitLink) { return; }
    document.title = "";
    document.body.hidden = true;
    window.location.replace(exitLink.href);
  }

  function onExitClick(event) {
    if (!event.target.closest("[data-quick-exit]")) { return; }
    event.preventDefault();
    exitNow();
  }

  function sayShiftPressesLeft(left) {
    if (!exitStatus) { return; }
    exitStatus.textContent = left === 2 ? exitStatus.getAttribute("data-two-more")
      : left === 1 ? exitStatus.getAttribute("data-one-more") : "";
  }

  function resetShiftPresses() {
    shiftPresses = 0;
    window.clearTimeout(shiftTimer);
    sayShiftPressesLeft(0);
  }

  // Shift pressed three times on its own within five seconds; Shift held to type a capital
  // letter does not count, and any other key starts the count again.
  function onKeyDown(event) {
    if (event.key !== "Shift") {
      shiftUsedWithAnotherKey = event.shiftKey;
      if (shiftPresses) { resetShiftPresses(); }
      return;
    }
    if (!event.repeat) { shiftUsedWithAnotherKey = false; }
  }

  function onKeyUp(event) {
    if (event.key !== "Shift" || shiftUsedWithAnotherKey) { return; }
    shiftPresses += 1;
    if (shiftPresses >= SHIFT_PRESSES_TO_EXIT) {
      resetShiftPresses();
      exitNow();
      return;
    }
    if (shiftPresses === 1) { shiftTimer = window.setTimeout(resetShiftPresses, SHIFT_WINDOW_MS); }
    sayShiftPressesLeft(SHIFT_PRESSES_TO_EXIT - shiftPresses);
  }

  document.addEventListener("click", onExitClick);
  document.addEventListener("keydown", onKeyDown);
  document.addEventListener("keyup", onKeyUp);
  // A page brought back from the back-forward cache is asked for again, so that it shows
  // nothing once the person has left quickly.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });

  // ---- Small enhancements on any page ----
  function focusErrorSummary(scope) {
    var summary = scope.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
    return Boolean(summary);
  }

  function enablePrint() {
    var button = document.querySelector("[data-print]");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }

  // "None of these" cannot be chosen with other answers, and the other way round.
  function keepExclusiveChoices(event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-choices] input[type=checkbox]") || !input.checked) {
      return;
    }
    var group = input.closest("[data-choices]");
    var boxes = group.querySelectorAll("input[type=checkbox]");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box === input) { return; }
      if (input.hasAttribute("data-exclusive") || box.hasAttribute("data-exclusive")) {
        box.checked = false;
      }
    });
  }
  document.addEventListener("change", keepExclusiveChoices);

  // ---- The chat ----
  var announcer = document.querySelector("[data-chat-announcer]");

  function announce(text) {
    if (!announcer) { return; }
    announcer.textContent = "";
    // A fresh node after a pause makes screen readers read the same words again if repeated.
    window.setTimeout(function () { announcer.textContent = text; }, 100);
  }

  function showHistory(scope) {
    var history = scope.querySelector("[data-chat-history]");
    if (history) { history.hidden = false; }
  }

  function focusQuestion(scope) {
    var question = scope.querySelector("[data-chat-question]");
    if (!question) { return; }
    question.focus();
    question.scrollIntoView({ block: "center" });
  }

  function questionText(scope) {
    var question = scope.querySelector("[data-chat-question]");
    return question ? question.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function replaceChat(doc, url) {
    var incoming = doc.querySelector("[data-chat]");
    var current = document.querySelector("[data-chat]");
    if (!incoming || !current) { return false; }
    var back = doc.querySelector(".back-link");
    var currentBack = document.querySelector(".back-link");
    if (back && currentBack) { currentBack.href = back.href; }
    current.replaceWith(incoming);
    document.title = doc.title;
    var next = doc.querySelector("input[name=next]");
    var ourNext = document.querySelector("input[name=next]");
    if (next && ourNext) { ourNext.value = next.value; }
    // One history entry for the whole chat: Back never steps through the answers.
    if (url !== window.location.href) { window.history.replaceState({ chat: true }, "", url); }
    setUpChat(incoming);
    return true;
  }

  function onAnswered(response) {
    var url = response.url;
    var isQuestion = new URL(url).pathname.indexOf("/q/") === 0;
    if (!isQuestion && response.ok) {
      window.location.replace(url); // check your answers or the outcome: a page of its own
      return null;
    }
    return response.text().then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      if (!replaceChat(doc, url)) { window.location.replace(url); return; }
      var chat = document.querySelector("[data-chat]");
      if (response.status === 422) {
        focusErrorSummary(chat);
        announce(chat.querySelector("[data-error-summary]").textContent.replace(/\s+/g, " ").trim());
        return;
      }
      focusQuestion(chat);
      // Help shown with the question comes first: in view, and said before the question.
      var help = chat.querySelector("[data-help]");
      if (help) { help.scrollIntoView({ block: "start" }); }
      var helpTitle = help ? help.querySelector(".panel__title").textContent.trim() + " " : "";
      announce(helpTitle + announcer.getAttribute("data-new-question") + " " + questionText(chat));
    });
  }

  function sendAnswer(event) {
    var form = event.target;
    if (!form.matches("[data-chat-form]") || !window.fetch || !window.DOMParser) { return; }
    event.preventDefault();
    if (form.hasAttribute("data-chat-busy")) { return; }
    form.setAttribute("data-chat-busy", "");
    window.fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      headers: { "Accept": "text/html" }
    }).then(onAnswered).catch(function () {
      form.removeAttribute("data-chat-busy");
      form.submit(); // the network stumbled: fall back to an ordinary post
    });
  }

  function setUpChat(scope) {
    showHistory(scope);
    var latest = scope.querySelector(".chat-history__list li:last-child");
    if (latest && !scope.querySelector("[data-error-summary]")) {
      latest.scrollIntoView({ block: "nearest" });
    }
  }

  function start() {
    enablePrint();
    var chat = document.querySelector("[data-chat]");
    if (!chat) {
      focusErrorSummary(document);
      return;
    }
    root.classList.add("js-chat");
    setUpChat(chat);
    focusErrorSummary(chat);
    document.addEventListener("submit", sendAnswer);
    window.addEventListener("popstate", function () { window.location.reload(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
