/* Pathway Bot: turns the one-question-per-page form flow into a chat.
   Without this file everything still works: each answer is posted and the next page loads.
   With it, answers are posted in the background, the conversation grows on one page,
   focus moves to the new question and a live region announces it. */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  // ---- Leave this site quickly: replace this page, leaving no history entry behind ----
  function quickExit(event) {
    var link = event.target.closest("[data-quick-exit]");
    if (!link) { return; }
    event.preventDefault();
    document.title = "";
    document.body.hidden = true;
    window.location.replace(link.href);
  }
  document.addEventListener("click", quickExit);

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
    if (url !== window.location.href) { window.history.pushState({ chat: true }, "", url); }
    setUpChat(incoming);
    return true;
  }

  function onAnswered(response) {
    var url = response.url;
    var isQuestion = new URL(url).pathname.indexOf("/questions/") === 0;
    if (!isQuestion && response.ok) {
      window.location.assign(url); // check your answers or the outcome: a page of its own
      return null;
    }
    return response.text().then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      if (!replaceChat(doc, url)) { window.location.assign(url); return; }
      var chat = document.querySelector("[data-chat]");
      if (response.status === 422) {
        focusErrorSummary(chat);
        announce(chat.querySelector("[data-error-summary]").textContent.replace(/\s+/g, " ").trim());
        return;
      }
      focusQuestion(chat);
      announce(announcer.getAttribute("data-new-question") + " " + questionText(chat));
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
