// The course page's upload script, sent inline with the page's CSP nonce. It uploads with
// XMLHttpRequest because fetch reports no upload progress. Everything it needs is in the page: the
// form's action carries the ltik (LMS iframes block cookies, so the session never is one) and the
// form's hidden CSRF field is sent as a header too, so the server can check it before reading the file.
// Without scripts the form posts as it is and the server answers with a redirect to the page.

/** Written as ES5 so it runs in any browser an LMS supports; it touches only the upload form. */
export const UPLOAD_SCRIPT = `(function () {
  var form = document.getElementById("upload-material");
  if (!form || !window.XMLHttpRequest || !window.FormData || !window.JSON) return;
  var input = document.getElementById("material-file");
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  var list = document.getElementById("materials-list");
  var button = form.querySelector("button[type=submit]");
  var POLL_MS = 1500, MAX_POLLS = 400;
  function say(text) { status.textContent = text; }
  function show(percent) { bar.value = percent; bar.textContent = percent + "%"; }
  function reply(xhr) { try { return JSON.parse(xhr.responseText); } catch (e) { return null; } }
  function quoted(name) { return "\\u201c" + name + "\\u201d"; }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = input.files && input.files[0];
    if (!file) { say("Choose a file to upload first."); input.focus(); return; }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-CSRF-Token", form.elements.csrf.value);
    xhr.upload.onprogress = function (e) {
      if (!e.lengthComputable) return;
      var percent = Math.min(99, Math.round((e.loaded / e.total) * 100));
      show(percent);
      say("Uploading\\u2026 " + percent + "%");
    };
    xhr.onload = function () {
      var body = reply(xhr);
      if (xhr.status >= 200 && xhr.status < 300 && body && body.ok) {
        show(100);
        say(body.message);
        form.reset();
        refresh(body.material.id, file.name, 0);
      } else {
        show(0);
        say((body && body.message) || "The upload failed (HTTP " + xhr.status + "). Try again.");
      }
    };
    xhr.onerror = function () { show(0); say("The upload failed: the connection was lost. Try again."); };
    xhr.onloadend = function () { button.disabled = false; };
    button.disabled = true;
    show(0);
    say("Uploading\\u2026 0%");
    xhr.send(new FormData(form));
  });

  // Reloads the list until the new material is ready or has failed, and says which.
  function refresh(id, name, polls) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", form.getAttribute("data-list"));
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = function () {
      var body = reply(xhr);
      if (xhr.status !== 200 || !body) return;
      list.innerHTML = body.html;
      var material = null;
      for (var i = 0; i < body.materials.length; i++) if (body.materials[i].id === id) material = body.materials[i];
      if (!material) return;
      if (material.status === "READY") say("Added " + quoted(name) + " \\u2014 ready");
      else if (material.status === "FAILED") say("Added " + quoted(name) + " \\u2014 failed: " + (material.error || "it could not be processed"));
      else if (polls < MAX_POLLS) setTimeout(function () { refresh(id, name, polls + 1); }, POLL_MS);
    };
    xhr.send();
  }
})();`;
