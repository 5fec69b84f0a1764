// Drag and drop cards between clusters on the moderation page (HTML5 drag events).
//
// Each card [data-card-cluster-url] is draggable; each [data-drop-cluster] is a drop zone (an empty value
// means "not in a cluster"). A drop posts the same form the card's "Move to cluster" select sends, so the
// keyboard way and the mouse way share one endpoint, then asks workshop-live.js to refresh the board.
(function () {
  "use strict";
  var root = document.querySelector("[data-clusters]");
  if (!root) { return; }
  var dragged = null, dropped = false;

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function zoneOf(target) { return target.closest ? target.closest("[data-drop-cluster]") : null; }

  root.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-card-cluster-url]");
    if (!card) { return; }
    dragged = card;
    dropped = false;
    root.dataset.dragging = "1";  // workshop-live.js waits for the drop before redrawing the board
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });

  root.addEventListener("dragend", function () {
    dragged = null;
    delete root.dataset.dragging;
    if (!dropped) { root.dispatchEvent(new CustomEvent("live:refresh")); }  // redraw what waited
  });

  root.addEventListener("dragover", function (event) {
    var zone = zoneOf(event.target);
    if (!zone || !dragged) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    zone.classList.add("app-dropzone--over");
  });

  root.addEventListener("dragleave", function (event) {
    var zone = zoneOf(event.target);
    if (zone && !zone.contains(event.relatedTarget)) { zone.classList.remove("app-dropzone--over"); }
  });

  root.addEventListener("drop", function (event) {
    var zone = zoneOf(event.target);
    if (!zone || !dragged) { return; }
    event.preventDefault();
    dropped = true;
    zone.classList.remove("app-dropzone--over");
    var body = new FormData();
    body.append("cluster", zone.dataset.dropCluster);
    body.append("csrfmiddlewaretoken", csrfToken());
    var card = dragged;
    zone.querySelector("ul").appendChild(card);  // show the move at once; the refresh confirms it
    fetch(card.dataset.cardClusterUrl, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
    }).finally(function () { root.dispatchEvent(new CustomEvent("live:refresh")); });
  });
})();
