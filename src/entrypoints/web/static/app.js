// Ingesta's page script: upload with a progress bar, drop a file, and renew the session before it expires.
// No inline script anywhere (the Content-Security-Policy forbids it); every string shown comes from the page.
"use strict";

(function () {
  const csrfToken = () => document.querySelector('meta[name="csrf-token"]').content;

  function scheduleRenewal(secondsLeft) {
    // Renew a minute before expiry (or at three quarters of a short lifetime), while the page is open.
    const lead = Math.min(60, secondsLeft / 4);
    const delay = Math.max(1, secondsLeft - lead) * 1000;
    window.setTimeout(renew, delay);
  }

  function renew() {
    const request = new XMLHttpRequest();
    request.open("POST", "/ui/renew");
    request.setRequestHeader("X-CSRF-Token", csrfToken());
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.responseType = "json";
    request.onload = function () {
      if (request.status === 200 && request.response) {
        scheduleRenewal(request.response.expires_in);
      } else if (request.status === 401) {
        window.location.assign("/");
      }
    };
    request.send();
  }

  function showFragment(target, html) {
    // The fragment is rendered by the server with every user value escaped; parsing it runs no script.
    const parsed = new DOMParser().parseFromString(html, "text/html");
    target.replaceChildren(...Array.from(parsed.body.childNodes).map((node) => document.adoptNode(node)));
  }

  // Not form.dataset: the form's own "dataset" field shadows that property.
  const message = (form, name) => form.getAttribute("data-" + name);

  function setProgress(form, percent, state) {
    const bar = form.querySelector("#upload-progress");
    if (percent === null) {
      bar.removeAttribute("value"); // indeterminate: the total of rows is not known until the end
    } else {
      bar.value = percent;
    }
    form.querySelector("#progress-percent").textContent = percent === null ? "" : percent + " %";
    if (state !== undefined) {
      form.querySelector("#progress-state").textContent = state;
    }
  }

  // Digits in threes as the server writes them (toLocaleString leaves Spanish 4-digit numbers ungrouped).
  const grouped = (number, separator) => String(number).replace(/\B(?=(\d{3})+(?!\d))/g, separator);

  // The server's limit is on the form: a file over it is refused here, before a byte is sent, and the
  // message names the limit. The server still checks (413) whatever the page does.
  function checkSize(form) {
    const input = form.querySelector("#file");
    const shown = form.querySelector("#file-error");
    const limit = Number(form.getAttribute("data-max-bytes"));
    const file = input.files && input.files[0];
    const tooLarge = limit > 0 && file !== undefined && file.size > limit;
    const text = tooLarge ? message(form, "too-large").replace("{size}", grouped(file.size, message(form, "group"))) : "";
    input.setCustomValidity(text);
    shown.textContent = text;
    shown.hidden = !tooLarge;
    return !tooLarge;
  }

  const FINAL = ["loaded", "rejected", "failed", "cancelled"];

  function showRows(form, progress) {
    const rows = form.querySelector("#progress-rows");
    const group = message(form, "group");
    let text = "";
    if (progress) {
      text = message(form, "job-rows")
        .replace("{n}", grouped(progress.rows_validated, group))
        .replace("{m}", grouped(progress.rows_loaded, group));
      // Only while it runs: once final, the counts themselves are the whole story.
      if (progress.rows_expected !== null && progress.rows_expected !== undefined && !FINAL.includes(progress.phase)) {
        text += " " + message(form, "rows-expected").replace("{total}", grouped(progress.rows_expected, group));
      }
    }
    rows.textContent = text;
  }

  // As domain/uploads/progress_estimate.py: every row is read twice, validated then loaded, so
  // validation is the first half of the work and loading the second.
  function fractionDone(progress) {
    const expected = progress ? progress.rows_expected : null;
    if (!expected) {
      return null;
    }
    const validated = Math.min(progress.rows_validated, expected) / expected;
    if (progress.phase !== "loading" || !progress.rows_validated) {
      return validated / 2;
    }
    return 0.5 + Math.min(progress.rows_loaded, progress.rows_validated) / progress.rows_validated / 2;
  }

  function timeLeft(form, seconds) {
    if (seconds < 90) {
      return message(form, "seconds").replace("{n}", Math.max(1, Math.round(seconds)));
    }
    return message(form, "minutes").replace("{n}", Math.round(seconds / 60));
  }

  // The percentage, and the time left at the rate so far (none until some work is done).
  function showEstimate(form, progress, elapsedSeconds) {
    const estimate = form.querySelector("#progress-estimate");
    const fraction = fractionDone(progress);
    if (fraction === null) {
      estimate.textContent = "";
      return null;
    }
    const seconds = fraction > 0 && elapsedSeconds > 0 ? (elapsedSeconds * (1 - fraction)) / fraction : null;
    estimate.textContent = seconds === null ? "" : message(form, "left").replace("{time}", timeLeft(form, seconds));
    return Math.floor(fraction * 100);
  }

  // Asks the server to cancel the job; the event stream then brings its final state (cancelled, or
  // loaded when the cancel came too late: never both).
  function cancelJob(form, uploadId) {
    const button = form.querySelector("#cancel-button");
    button.disabled = true;
    form.querySelector("#progress-state").textContent = message(form, "cancelling");
    const request = new XMLHttpRequest();
    request.open("POST", "/ui/uploads/" + encodeURIComponent(uploadId) + "/cancel");
    request.setRequestHeader("X-CSRF-Token", csrfToken());
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.send();
  }

  // A job: follow its events (the session cookie goes with them), then show its report as today.
  function followJob(form, uploadId, finish) {
    const status = form.querySelector("#upload-status");
    const path = "/ui/uploads/" + encodeURIComponent(uploadId);
    const cancel = form.querySelector("#cancel-button");
    const cancelling = () => cancelJob(form, uploadId);
    cancel.addEventListener("click", cancelling);
    cancel.disabled = false;
    cancel.hidden = false;
    let ended = false;
    let startedAt = null;
    const end = function (state) {
      if (ended) {
        return;
      }
      ended = true;
      source.close();
      cancel.hidden = true;
      cancel.removeEventListener("click", cancelling);
      form.querySelector("#progress-estimate").textContent = "";
      if (state === "loaded" || state === "rejected") {
        // Processed to the end, as a request answered 200 with its report (a rejection is a report too).
        setProgress(form, 100, message(form, "done"));
      } else {
        // Failed, cancelled or lost: never a full blue bar.
        status.classList.add("failed");
        const said = state === null ? "network" : state === "cancelled" ? "cancelled" : "failed";
        setProgress(form, 0, message(form, said));
      }
      // The report's fix form sends the sheet back with the cells: the record does not keep it.
      const sheet = form.querySelector("#sheet");
      const report = sheet && sheet.value ? path + "?sheet=" + encodeURIComponent(sheet.value) : path;
      fetchText(report, { headers: { "X-Requested-With": "XMLHttpRequest" } }).then(finish, () => finish(""));
    };
    const source = new EventSource(path + "/events");
    source.addEventListener("status", function (event) {
      const state = JSON.parse(event.data);
      const phase = state.progress ? state.progress.phase : state.status;
      showRows(form, state.progress);
      if (FINAL.includes(state.status)) {
        end(state.status);
        return;
      }
      if (startedAt === null && state.status !== "queued") {
        startedAt = Date.now();
      }
      const elapsed = startedAt === null ? 0 : (Date.now() - startedAt) / 1000;
      const percent = showEstimate(form, state.progress, elapsed);
      const said = cancel.disabled ? message(form, "cancelling") : message(form, "phase-" + phase) || message(form, "processing");
      setProgress(form, percent, said);
    });
    source.onerror = function () {
      // The server ends the stream after the final state; anything else without one is a lost connection.
      if (!ended) {
        fetchText(path + "/events").then(function (text) {
          const last = text.trim().split("\n").filter((line) => line.startsWith("data:")).pop();
          end(last ? JSON.parse(last.slice(5)).status : null);
        }, () => end(null));
      }
    };
  }

  function upload(form, event) {
    event.preventDefault();
    if (!checkSize(form) || !form.reportValidity()) {
      return;
    }
    const result = document.getElementById("upload-result");
    const button = form.querySelector("#upload-button");
    const request = new XMLHttpRequest();
    const status = form.querySelector("#upload-status");
    status.hidden = false;
    status.classList.remove("failed");
    showRows(form, null);
    setProgress(form, 0, message(form, "sending"));
    result.replaceChildren();
    button.disabled = true;
    request.upload.onprogress = function (progress) {
      if (progress.lengthComputable) {
        setProgress(form, Math.floor((progress.loaded / progress.total) * 100));
      }
    };
    request.upload.onload = function () {
      setProgress(form, 100, message(form, "processing"));
      form.setAttribute("aria-busy", "true");
    };
    const finish = function (html) {
      button.disabled = false;
      form.removeAttribute("aria-busy");
      showFragment(result, html);
      result.focus();
    };
    request.onload = function () {
      if (request.status === 202) {
        followJob(form, JSON.parse(request.responseText).id, finish);
        return;
      }
      button.disabled = false;
      form.removeAttribute("aria-busy");
      if (request.status === 200) {
        setProgress(form, 100, message(form, "done"));
      } else {
        // A refusal (409, 413, 415…) is no finished upload: no full bar is left behind, the state says so.
        status.classList.add("failed");
        setProgress(form, 0, message(form, "failed"));
      }
      showFragment(result, request.responseText);
      result.focus();
    };
    request.onerror = function () {
      button.disabled = false;
      form.removeAttribute("aria-busy");
      status.classList.add("failed");
      setProgress(form, 0, message(form, "network"));
    };
    request.open("POST", form.action);
    request.setRequestHeader("X-CSRF-Token", csrfToken());
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    if (!form.querySelector("#dry-run").checked && window.EventSource) {
      request.setRequestHeader("Prefer", "respond-async"); // processed as a job, followed to the end
    }
    request.send(new FormData(form));
  }

  function acceptDrops(zone, input) {
    zone.addEventListener("dragover", function (event) {
      event.preventDefault();
      zone.classList.add("dragging");
    });
    zone.addEventListener("dragleave", function () {
      zone.classList.remove("dragging");
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("dragging");
      if (event.dataTransfer && event.dataTransfer.files.length > 0) {
        input.files = event.dataTransfer.files;
        input.dispatchEvent(new Event("change"));
      }
    });
  }

  function bindUploadPage() {
    const form = document.getElementById("upload-form");
    if (!form) {
      return;
    }
    form.addEventListener("submit", (event) => upload(form, event));
    form.querySelector("#file").addEventListener("change", () => checkSize(form));
    acceptDrops(document.getElementById("drop-zone"), document.getElementById("file"));
    const result = document.getElementById("upload-result");
    result.tabIndex = -1;
    // After a check with errors: one click sends the same file again, for real, loading the valid rows.
    result.addEventListener("click", function (event) {
      const button = event.target.closest("#load-valid-rows");
      if (!button) {
        return;
      }
      form.querySelector('input[name="on_error"][value="' + button.getAttribute("data-on-error") + '"]').checked = true;
      form.querySelector("#dry-run").checked = false;
      upload(form, event);
    });
    // After a refusal for the headers: the confirmed pairing is remembered, then the same file sent again.
    result.addEventListener("submit", function (event) {
      const matching = event.target.closest("#matching-form");
      if (matching) {
        confirmMatching(form, matching, event);
      }
    });
  }

  function confirmMatching(form, matching, event) {
    event.preventDefault();
    const selects = Array.from(matching.querySelectorAll("select[data-source]"));
    const columns = {};
    for (const select of selects) {
      if (select.value) {
        columns[select.getAttribute("data-source")] = select.value;
      }
    }
    const body = { headers: selects.map((select) => select.getAttribute("data-source")), columns: columns };
    const error = matching.querySelector("#matching-error");
    const button = matching.querySelector("#matching-confirm");
    button.disabled = true;
    window.fetch("/ui/datasets/" + encodeURIComponent(matching.getAttribute("data-dataset")) + "/column-mappings", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken(), "X-Requested-With": "XMLHttpRequest" },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (response.ok) {
        upload(form, event);
        return;
      }
      button.disabled = false;
      response.text().then((html) => showFragment(error, html));
    }, function () {
      button.disabled = false;
    });
  }

  function fetchText(url, options) {
    return window.fetch(url, Object.assign({ credentials: "same-origin" }, options)).then(function (response) {
      return response.text();
    });
  }

  // The language switch on the upload page swaps the page's text in place, so the form keeps what was
  // entered (the chosen file too) and the report shown is fetched again in the new language.
  function switchLanguage(link, event) {
    const form = document.getElementById("upload-form");
    if (!form || !window.fetch) {
      return; // elsewhere the address itself keeps what is shown (a report page is its own address)
    }
    event.preventDefault();
    const report = document.querySelector("#upload-result #report");
    const uploadId = report ? report.getAttribute("data-upload-id") : null;
    const wasCheck = report !== null && uploadId === null;
    const wasDryRun = form.querySelector("#dry-run").checked;
    const fixSheet = document.getElementById("fix-sheet");
    const sheetQuery = fixSheet && fixSheet.value ? "?sheet=" + encodeURIComponent(fixSheet.value) : "";
    fetchText(link.href).then(function (html) {
      const page = new DOMParser().parseFromString(html, "text/html");
      const newForm = page.getElementById("upload-form");
      if (!newForm) {
        window.location.assign(link.href);
        return;
      }
      for (const field of form.elements) {
        const twin = field.name && field.type !== "file" && field.type !== "hidden" ? newForm.elements.namedItem(field.name) : null;
        if (twin instanceof RadioNodeList) {
          twin.value = form.elements.namedItem(field.name).value;
        } else if (twin && (field.type === "checkbox")) {
          twin.checked = field.checked;
        } else if (twin) {
          twin.value = field.value;
        }
      }
      newForm.querySelector("#file").replaceWith(document.adoptNode(form.querySelector("#file")));
      document.documentElement.lang = page.documentElement.lang;
      document.title = page.title;
      document.querySelector('meta[name="csrf-token"]').content = page.querySelector('meta[name="csrf-token"]').content;
      document.querySelector("header.top").replaceWith(document.adoptNode(page.querySelector("header.top")));
      const previous = document.getElementById("upload-result");
      document.querySelector("main").replaceWith(document.adoptNode(page.querySelector("main")));
      const result = document.getElementById("upload-result");
      bindLanguageSwitch();
      bindUploadPage();
      if (uploadId) {
        fetchText("/ui/uploads/" + encodeURIComponent(uploadId) + sheetQuery, { headers: { "X-Requested-With": "XMLHttpRequest" } })
          .then((fragment) => showFragment(result, fragment));
      } else if (wasCheck) {
        // A check keeps nothing on the server: check the same file again to show it in the new language.
        const current = document.getElementById("upload-form");
        current.querySelector("#dry-run").checked = true;
        current.requestSubmit();
        current.querySelector("#dry-run").checked = wasDryRun;
      } else {
        result.replaceChildren(...Array.from(previous.childNodes).map((node) => document.adoptNode(node)));
      }
    });
  }

  function bindLanguageSwitch() {
    const link = document.getElementById("language-switch");
    if (link) {
      link.addEventListener("click", (event) => switchLanguage(link, event));
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    const secondsLeft = Number(document.body.dataset.sessionSecondsLeft);
    if (secondsLeft > 0) {
      scheduleRenewal(secondsLeft);
    }
    bindLanguageSwitch();
    bindUploadPage();
  });
})();
