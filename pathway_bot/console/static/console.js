// The HMRC timeout warning: two minutes before the idle limit a modal dialog says so, moves
// focus into itself and announces it; "Stay signed in" tells the server the person is still
// here. At the limit the page goes to the signed-out page. Without this script the server
// signs the person out on their next page all the same.
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  var body = document.body;
  var printLink = document.querySelector("[data-print]");
  if (printLink) {
    printLink.hidden = false;
    printLink.addEventListener("click", function (event) { event.preventDefault(); window.print(); });
  }
  var timeout = Number(body.getAttribute("data-timeout"));
  var warning = Number(body.getAttribute("data-warning"));
  var dialog = document.getElementById("timeout-dialog");
  if (!timeout || !dialog) { return; }
  var stay = dialog.querySelector("[data-timeout-stay]");
  var leave = dialog.querySelector("[data-timeout-leave]");
  var text = dialog.querySelector("#timeout-body");
  var announce = dialog.querySelector("[data-timeout-announce]");
  var signedOut = body.getAttribute("data-signed-out");
  var warnTimer, endTimer, returnFocus;

  function minutesText() {
    var minutes = Math.max(1, Math.round(warning / 60));
    return text.getAttribute("data-timeout-text").replace("%(minutes)s", String(minutes));
  }
  function open() {
    returnFocus = document.activeElement;
    dialog.hidden = false;
    text.textContent = minutesText();
    if (typeof dialog.showModal === "function") { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    stay.focus();
    announce.textContent = minutesText();
  }
  function close() {
    if (typeof dialog.close === "function" && dialog.open) { dialog.close(); } else { dialog.removeAttribute("open"); }
    dialog.hidden = true;
    announce.textContent = "";
    if (returnFocus && returnFocus.focus) { returnFocus.focus(); }
  }
  function schedule() {
    clearTimeout(warnTimer); clearTimeout(endTimer);
    warnTimer = setTimeout(open, Math.max(0, timeout - warning) * 1000);
    endTimer = setTimeout(function () { window.location.href = signedOut; }, timeout * 1000);
  }
  stay.addEventListener("click", function () {
    var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
    fetch(body.getAttribute("data-keep-alive"), {
      method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": token }
    }).then(function (response) {
      if (response.ok) { close(); schedule(); } else { window.location.href = signedOut; }
    });
  });
  leave.addEventListener("click", function (event) {
    event.preventDefault();
    document.querySelector(".console-nav__form").submit();
  });
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); stay.click(); });
  schedule();
}());
