/* Lumbung: click-to-load video. Nothing is requested from another site until the reader asks. */
(function () {
  document.querySelectorAll(".lb-video[data-embed]").forEach(function (box) {
    var link = box.querySelector(".lb-play");
    if (!link) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = link.textContent;
    link.replaceWith(button);
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = box.getAttribute("data-embed");
      frame.title = button.textContent;
      frame.setAttribute("allow", "autoplay; fullscreen; picture-in-picture");
      frame.setAttribute("allowfullscreen", "");
      frame.style.cssText = "position:absolute;inset:0;width:100%;height:100%;border:0";
      box.replaceChildren(frame);
      frame.focus();
    });
  });
})();
