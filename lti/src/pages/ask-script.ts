// The Ask box's script, sent inline with the page's CSP nonce. It posts the form's own fields (the ltik
// and CSRF token travel in the body: LMS iframes block cookies, so the session never is one) asking for
// NDJSON, and reads the answer as it is written through fetch's ReadableStream. Each line is one event:
// {"type":"delta","text"} appends text as it arrives; {"type":"answer","html","url"} replaces it with
// the finished answer as the server rendered it (citations linked; moderation may have replaced the
// text); {"type":"refusal","message"} is a sentence to show (a spent allowance, say). Browsers without
// fetch streaming post the form as it is and get the whole answer on its own page.

/** ES5 syntax (promises and fetch are feature-checked), touching only the Ask box. */
export const ASK_SCRIPT = `(function () {
  var form = document.getElementById("ask-form");
  if (!form || !window.fetch || !window.ReadableStream || !window.TextDecoder || !window.URLSearchParams || !window.FormData) return;
  var output = document.getElementById("ask-answer");
  var status = document.getElementById("ask-status");
  var button = form.querySelector("button[type=submit]");
  var field = document.getElementById("ask-question");

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!field.value.replace(/\\s+/g, "")) { status.textContent = "Type a question first."; field.focus(); return; }
    var body = new URLSearchParams(new FormData(form));
    var live = document.createElement("p");
    live.className = "answer-text streaming";
    output.innerHTML = "";
    output.appendChild(live);
    output.setAttribute("aria-busy", "true");
    button.disabled = true;
    status.textContent = "The tutor is writing\\u2026";
    var finished = false;

    function handle(line) {
      if (!line) return;
      var event;
      try { event = JSON.parse(line); } catch (e) { return; }
      if (event.type === "delta") live.appendChild(document.createTextNode(event.text));
      else if (event.type === "answer") { finished = true; output.innerHTML = event.html; status.textContent = "Answered."; }
      else if (event.type === "refusal") { finished = true; output.innerHTML = ""; var p = document.createElement("p"); p.className = "notice warning"; p.setAttribute("role", "alert"); p.textContent = event.message; output.appendChild(p); status.textContent = ""; }
    }
    function done() {
      output.setAttribute("aria-busy", "false");
      button.disabled = false;
      if (!finished) status.textContent = "The answer was cut off. Try again.";
    }

    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "omit",
      headers: { "Accept": "application/x-ndjson", "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.body || type.indexOf("application/x-ndjson") !== 0) {
        finished = true;
        output.innerHTML = "";
        status.textContent = "The question could not be sent (HTTP " + response.status + "). Open StudyHall again from your course and retry.";
        return;
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffered = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { handle(buffered + decoder.decode()); return; }
          buffered += decoder.decode(chunk.value, { stream: true });
          var lines = buffered.split("\\n");
          buffered = lines.pop();
          for (var i = 0; i < lines.length; i++) handle(lines[i]);
          return pump();
        });
      }
      return pump();
    }).then(done, function () {
      status.textContent = "The connection was lost. Try again.";
      output.setAttribute("aria-busy", "false");
      button.disabled = false;
    });
  });
})();`;
