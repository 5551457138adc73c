// The one script of the site, for spend imports: kept in a module like the stylesheet, served at
// /assets/import.js with a content hash, allowed by the CSP's script-src 'self' (no inline script).
//
// On the new-import page it reads the first 48,000 bytes of the chosen file in the browser and posts
// them, base64 and undecoded, with the form token to the preview route: the server decodes and reads
// them exactly as the import job will read the whole file, and answers the mapping form as HTML.
// Choosing the category column by hand fetches that column's category texts the same way. On submit
// it creates the import, PUTs the whole file to its upload URL and goes to the import's page.
// On an import's page it polls the status route every second until the import (or its revert)
// finishes. The register-file page (admins) uses the same form and upload without the preview,
// and the same poll.

export const importJs = `'use strict';
(function () {
  var SAMPLE_BYTES = 48000;

  function base64(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = '';
    for (var i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
  }

  function say(region, text, kind) {
    if (!region) return;
    region.textContent = '';
    region.className = text ? 'notice ' + (kind || 'info') : '';
    if (!text) return;
    var p = document.createElement('p');
    p.textContent = text;
    region.appendChild(p);
  }

  function setUpImportForm(form) {
    var fileInput = form.querySelector('input[type=file]');
    var target = document.getElementById('import-mapping');
    var status = document.getElementById('import-status');
    var token = form.querySelector('input[name=_csrf]');
    var chosen = null;
    var sample = '';
    var previewing = 0;
    var noun = form.dataset.noun || 'import';

    function previewBody() {
      var body = new FormData();
      body.set('_csrf', token ? token.value : '');
      body.set('sampleBase64', sample);
      body.set('fileName', chosen ? chosen.name : '');
      return body;
    }

    function post(body) {
      return fetch(form.dataset.previewUrl, {
        method: 'POST',
        body: body,
        credentials: 'same-origin',
        headers: { accept: 'text/html' },
      });
    }

    // A category column chosen by hand: its texts replace the categories panel.
    if (target) target.addEventListener('change', function (event) {
      if (!event.target || event.target.id !== 'map-category' || !sample) return;
      var panel = document.getElementById('import-categories');
      if (!panel) return;
      var body = previewBody();
      body.set('part', 'categories');
      form.querySelectorAll('select[name^="map."]').forEach(function (select) {
        if (select.value) body.set(select.name, select.value);
      });
      var mine = ++previewing;
      post(body).then(function (response) {
        return response.text().then(function (html) {
          if (mine !== previewing) return;
          var current = document.getElementById('import-categories');
          if (response.ok && current) current.outerHTML = html;
          else say(status, 'The category column could not be read: choose another.', 'error');
        });
      }).catch(function (error) {
        say(status, 'The category column could not be read: ' + error.message, 'error');
      });
    });

    fileInput.addEventListener('change', function () {
      chosen = fileInput.files && fileInput.files[0] ? fileInput.files[0] : null;
      // A form without a preview (a register file) takes the file as it is.
      if (!form.dataset.previewUrl) return say(status, '');
      target.innerHTML = '';
      if (!chosen) return say(status, '');
      var mine = ++previewing;
      say(status, 'Reading the start of ' + chosen.name + '…');
      sample = '';
      chosen.slice(0, SAMPLE_BYTES).arrayBuffer().then(function (buffer) {
        sample = base64(buffer);
        return post(previewBody()).then(function (response) {
          return response.text().then(function (html) {
            if (mine !== previewing) return;
            target.innerHTML = html;
            say(status, '');
            var heading = target.querySelector('h2');
            if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus(); }
          });
        });
      }).catch(function (error) {
        say(status, 'The file could not be read: ' + error.message, 'error');
      });
    });

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!chosen) return say(status, 'Choose a file first.', 'error');
      var button = form.querySelector('button[type=submit]');
      if (button) button.disabled = true;
      var body = new FormData(form);
      body.delete(fileInput.name);
      body.set('fileName', chosen.name);
      say(status, 'Starting the ' + noun + '…');
      fetch(form.dataset.createUrl, {
        method: 'POST',
        body: body,
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      }).then(function (response) {
        return response.json().catch(function () { return null; }).then(function (result) {
          if (!response.ok || !result || !result.uploadUrl) {
            var messages = result && result.errors ? result.errors : [result && result.message ? result.message : 'The ' + noun + ' could not be started (error ' + response.status + ').'];
            say(status, messages.join(' '), 'error');
            if (button) button.disabled = false;
            return;
          }
          upload(result, button);
        });
      }).catch(function (error) {
        say(status, 'The ' + noun + ' could not be started: ' + error.message, 'error');
        if (button) button.disabled = false;
      });
    });

    function upload(result, button) {
      var bar = document.getElementById('upload-progress');
      var wrap = document.getElementById('upload-progress-wrap');
      if (wrap) wrap.hidden = false;
      say(status, 'Uploading ' + chosen.name + '…');
      var xhr = new XMLHttpRequest();
      xhr.open('PUT', result.uploadUrl);
      xhr.upload.addEventListener('progress', function (e) {
        if (bar && e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; }
      });
      xhr.addEventListener('load', function () {
        if (xhr.status >= 200 && xhr.status < 300) {
          say(status, 'Uploaded. Opening the ' + noun + '…', 'success');
          window.location.assign(result.href);
        } else {
          say(status, 'The upload was refused (error ' + xhr.status + '). Try again.', 'error');
          if (button) button.disabled = false;
        }
      });
      xhr.addEventListener('error', function () {
        say(status, 'The upload failed: check the connection and try again.', 'error');
        if (button) button.disabled = false;
      });
      xhr.send(chosen);
    }
  }

  function poll(panel) {
    var url = panel.dataset.importStatusUrl;
    var bar = panel.querySelector('progress');
    var text = panel.querySelector('[data-progress-text]');
    var started = Date.now();
    function tick() {
      fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (s) {
          if (s) {
            if (s.status !== 'waiting' && s.status !== 'running' && s.status !== 'reverting') return window.location.reload();
            if (bar && s.progressMax) { bar.max = s.progressMax; bar.value = s.progressValue; }
            if (text) text.textContent = s.progressText;
          }
          if (Date.now() - started < 30 * 60 * 1000) window.setTimeout(tick, 1000);
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    }
    window.setTimeout(tick, 1000);
  }

  var form = document.getElementById('import-form');
  if (form) setUpImportForm(form);
  var panel = document.querySelector('[data-import-status-url]');
  if (panel) poll(panel);
})();
`;
