/* planpress: small additions to Material's pages.
 *
 * 1. The first touch of the search box (or of the magnifier in a phone's header) tells the search
 *    worker (workers/planpress-search.js) to fetch the index's manifest while the query is typed.
 * 2. A wide table in a scroll container (.pp-scroll) that does not fit says so: the container gets
 *    the class pp-scroll--more, which shows the hint “左右滑动查看整张表” above it.
 * 3. Text that enters the search box without a key being released (a Chinese IME's chosen word on
 *    some phones, voice input, paste from the menu) still searches: Material reads the box on keyup,
 *    so a finished input is followed by one (a repeated query is ignored by Material).
 */
(function () {
  "use strict"
  var warmed = false
  function warm() {
    if (warmed || typeof BroadcastChannel === "undefined")
      return
    warmed = true
    var channel = new BroadcastChannel("planpress-search")
    channel.postMessage("warm")
    channel.close()
  }
  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.matches && event.target.matches("input.md-search__input"))
      warm()
  })
  document.addEventListener("pointerdown", function (event) {
    if (event.target && event.target.closest && event.target.closest("label[for=__search], .md-search"))
      warm()
  })

  document.addEventListener("input", function (event) {
    var box = event.target
    if (!event.isComposing && box && box.matches && box.matches("input.md-search__input"))
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  })

  function hint() {
    var boxes = document.querySelectorAll(".pp-scroll")
    for (var i = 0; i < boxes.length; i++)
      boxes[i].classList.toggle("pp-scroll--more", boxes[i].scrollWidth > boxes[i].clientWidth + 1)
  }
  window.addEventListener("resize", hint)
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", hint)
  else
    hint()
})()
