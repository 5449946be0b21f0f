"""The two maps of «So sánh hai ngày» pan and zoom together: a few lines of the app's own JS.

:func:`sync_views` is appended to each map's feature groups (``streamlit_folium`` evaluates
them inside the map's iframe). Nothing is fetched: the script travels with the map's arguments.
"""

from __future__ import annotations

import json

__all__ = ["sync_views"]

#: Written into each map of a group (the component evaluates its feature groups' JS in the map's
#: own iframe, where ``window.map`` is the Leaflet map): after a pan or a zoom, the other maps of
#: the group on the page (the page's other iframes, same origin) take the same view. A map moved
#: by another does not move the others again (``busy``); a map already there is left alone.
_SYNC_JS = """
(function () {
  var group = %s;
  window.__vneidSync = {group: group, map: window.map, busy: false};
  if (window.__vneidSyncBound === window.map) return;
  window.__vneidSyncBound = window.map;
  var peers = function () {
    var out = [], frames = window.parent.document.querySelectorAll("iframe");
    for (var i = 0; i < frames.length; i++) {
      try {
        var peer = frames[i].contentWindow.__vneidSync;
        if (frames[i].contentWindow !== window && peer && peer.group === group) out.push(peer);
      } catch (e) {}
    }
    return out;
  };
  window.map.on("moveend", function () {
    var me = window.__vneidSync;
    if (me.busy) return;
    var centre = me.map.getCenter(), zoom = me.map.getZoom();
    peers().forEach(function (peer) {
      var there = peer.map.getCenter();
      if (peer.map.getZoom() === zoom && there.equals(centre, 1e-9)) return;
      peer.busy = true;
      try { peer.map.setView(centre, zoom, {animate: false}); } finally { peer.busy = false; }
    });
  });
})();
"""


def sync_views(group: str) -> str:
    """Write the JS that makes the maps given it pan and zoom together (offline, the app's own).

    Give it to :func:`ui.map_cache.draw` with the feature groups of every map of ``group``:
    moving one map moves the others to the same centre and zoom.

    Parameters
    ----------
    group : str
        The maps' group name (written into the script as a JSON string).

    Returns
    -------
    str
        JS for the component's feature groups.

    Examples
    --------
    >>> js = sync_views("compare")
    >>> 'var group = "compare";' in js and 'on("moveend"' in js
    True
    >>> "</script" in sync_views("</script>")
    False
    """
    return _SYNC_JS % json.dumps(group).replace("<", "\\u003c")
