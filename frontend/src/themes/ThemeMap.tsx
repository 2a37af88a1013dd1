/** The theme map: every idea of the jam as a point on a canvas, coloured by theme, that one can
 * pan, zoom, point at and open. Loaded lazily (it is the heaviest part of the UI and most
 * visitors never open it). The canvas is an image for assistive technology, with a summary as
 * its name; the page's "Show as a list" view carries the same ideas as text. Nothing animates
 * (zoom and reset jump), so prefers-reduced-motion has nothing to turn off. */
import { plural } from "@lingui/core/macro";
import { Trans, useLingui } from "@lingui/react/macro";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { Button, ToggleButton, ToggleButtonGroup, type Key } from "react-aria-components";
import { useNavigate } from "react-router";
import { useClient, type CombinedError } from "urql";

import { requestErrorMessage } from "../app/errors";
import { formatNumber } from "../app/format";
import { ThemeMapIdeaDocument } from "../gql/graphql";
import { createMapClient, loadMapPoints, packPoints, type MapPoints } from "./mapData";
import { buildScene, MapPainter, pointSize, type Scene } from "./mapRenderer";
import { themeColor } from "./palette";
import { buildGrid, nearestPoint, type SpatialGrid } from "./spatialGrid";
import { clampToBounds, fitView, panBy, toScreen, toWorld, zoomAt, zoomLevel, type View } from "./viewport";

export interface MapTheme {
  id: number;
  label: string;
  size: number;
  x: number;
  y: number;
}

interface ThemeMapProps {
  slug: string;
  themes: MapTheme[];
  /** Changes when a refit makes a new snapshot: the points are fetched again. */
  snapshotId: string;
}

interface Hovered {
  index: number;
  /** Where to show the tooltip, in CSS pixels of the canvas, and on which side. */
  x: number;
  y: number;
  side: "left" | "right";
}

/** What the browser tests and the benchmark read (`window.__jamThemeMap`). */
export interface ThemeMapProbe {
  count: number;
  complete: boolean;
  renders: number;
  lastRenderMs: number;
  /** performance.now() when the map mounted, when its last page of points arrived and when
   * every point was first drawn. */
  mountedAt: number;
  loadedAt: number | null;
  completedAt: number | null;
  pointOnScreen(ideaId: string): { x: number; y: number } | null;
  ideaAt(clientX: number, clientY: number): string | null;
}

declare global {
  interface Window {
    __jamThemeMap?: ThemeMapProbe;
  }
}

const KEY_STEP = 60;
const ZOOM_STEP = 1.5;
const REST_DELAY = 140;
const PROGRESS_INTERVAL = 250;

export default function ThemeMap({ slug, themes, snapshotId }: ThemeMapProps) {
  const { t, i18n } = useLingui();
  const navigate = useNavigate();
  const client = useClient();
  const mapClient = useMemo(() => createMapClient(), []);
  const [points, setPoints] = useState<MapPoints | null>(null);
  const [status, setStatus] = useState<"loading" | "ready" | "error" | "gone">("loading");
  const [error, setError] = useState<CombinedError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [highlight, setHighlight] = useState<number | null>(null);
  const [hovered, setHovered] = useState<Hovered | null>(null);
  /** Titles of ideas pointed at; null: not visible to this person (hidden, or gone). */
  const [titles, setTitles] = useState<Record<string, string | null>>({});

  const frameRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const painterRef = useRef<MapPainter | null>(null);
  const sceneRef = useRef<Scene | null>(null);
  const gridRef = useRef<SpatialGrid | null>(null);
  const pointsRef = useRef<MapPoints | null>(null);
  const viewRef = useRef<View | null>(null);
  const renderedViewRef = useRef<View | null>(null);
  const fitScaleRef = useRef(1);
  const interactedRef = useRef(false);
  const needsRenderRef = useRef(true);
  const frameRequestRef = useRef(0);
  const restTimerRef = useRef(0);
  const hoveredRef = useRef<Hovered | null>(null);
  const highlightRef = useRef<number | null>(null);
  const keyboardCursorRef = useRef(false);
  const completeRef = useRef(false);
  const statsRef = useRef({
    renders: 0,
    lastRenderMs: 0,
    lastRenderAt: 0,
    mountedAt: 0,
    loadedAt: null as number | null,
    completedAt: null as number | null,
  });
  const progressTimerRef = useRef(0);
  const pointersRef = useRef(new Map<number, { x: number; y: number }>());
  const dragRef = useRef<{ startX: number; startY: number; moved: boolean; pinch: number | null } | null>(null);

  const themeIds = useMemo(() => themes.map((theme) => theme.id), [themes]);

  // Fetch every page of points (again after a refit or a retry).
  useEffect(() => {
    let cancelled = false;
    completeRef.current = false;
    if (statsRef.current.mountedAt === 0) statsRef.current.mountedAt = performance.now();
    void loadMapPoints(
      mapClient,
      slug,
      (all) => setPoints(packPoints(all, themeIds)),
      () => cancelled,
    ).then((result) => {
      if (cancelled) return;
      if (result.kind === "done") {
        statsRef.current.loadedAt = performance.now();
        setPoints(packPoints(result.points, themeIds));
        completeRef.current = true;
        setStatus("ready");
      } else if (result.kind === "error") {
        setError(result.error);
        setStatus("error");
      } else if (result.kind === "gone") {
        setStatus("gone");
      }
    });
    return () => {
      cancelled = true;
    };
  }, [mapClient, slug, snapshotId, themeIds, attempt]);

  const draw = useCallback(() => {
    frameRequestRef.current = 0;
    const painter = painterRef.current;
    const scene = sceneRef.current;
    const view = viewRef.current;
    if (painter === null || scene === null || view === null) return;
    const zoom = zoomLevel(view, fitScaleRef.current);
    const covered = painter.present(view);
    if (needsRenderRef.current || !covered) {
      painter.render(scene, view, { highlight: highlightRef.current, zoom });
      needsRenderRef.current = false;
      renderedViewRef.current = view;
      const stats = statsRef.current;
      stats.renders += 1;
      stats.lastRenderMs = painter.lastRenderMs;
      stats.lastRenderAt = performance.now();
      if (completeRef.current && stats.completedAt === null && scene.count === pointsRef.current?.count) {
        stats.completedAt = performance.now();
      }
    }
    const current = hoveredRef.current;
    const data = pointsRef.current;
    if (current !== null && data !== null && current.index < data.count) {
      painter.ring(view, data.xs[current.index] as number, data.ys[current.index] as number, data.count, zoom);
    }
    if (keyboardCursorRef.current) painter.crosshair();
  }, []);

  const requestFrame = useCallback(() => {
    if (frameRequestRef.current === 0) frameRequestRef.current = requestAnimationFrame(draw);
  }, [draw]);

  /** Draw the points again once the map has been still for a moment. */
  const renderAtRest = useCallback(() => {
    window.clearTimeout(restTimerRef.current);
    restTimerRef.current = window.setTimeout(() => {
      if (renderedViewRef.current !== viewRef.current) {
        needsRenderRef.current = true;
        requestFrame();
      }
    }, REST_DELAY);
  }, [requestFrame]);

  const fit = useCallback(() => {
    const data = pointsRef.current;
    const painter = painterRef.current;
    if (data === null || painter === null) return;
    const fitted = fitView(data.bounds, painter.size);
    fitScaleRef.current = fitted.scale;
    viewRef.current = fitted;
  }, []);

  const setView = useCallback(
    (next: View) => {
      const data = pointsRef.current;
      viewRef.current = data ? clampToBounds(next, data.bounds) : next;
      interactedRef.current = true;
      requestFrame();
      renderAtRest();
    },
    [requestFrame, renderAtRest],
  );

  // New points: regroup them for drawing and hit testing; refit unless the person has moved.
  useEffect(() => {
    pointsRef.current = points;
    if (points === null) return;
    const labels = themes.map((theme, index) => ({ x: theme.x, y: theme.y, text: String(index + 1) }));
    sceneRef.current = buildScene(points.xs, points.ys, points.themeIndex, points.count, themes.length, labels);
    gridRef.current = buildGrid(points.xs, points.ys, points.count, points.bounds);
    if (!interactedRef.current || viewRef.current === null) fit();
    needsRenderRef.current = true;
    // While pages arrive, draw at most every PROGRESS_INTERVAL ms (each draw is of every point
    // so far); the last page is drawn at once.
    window.clearTimeout(progressTimerRef.current);
    const wait = statsRef.current.lastRenderAt + PROGRESS_INTERVAL - performance.now();
    if (completeRef.current || wait <= 0) requestFrame();
    else progressTimerRef.current = window.setTimeout(requestFrame, wait);
  }, [points, themes, fit, requestFrame]);

  useEffect(() => {
    highlightRef.current = highlight;
    needsRenderRef.current = true;
    requestFrame();
  }, [highlight, requestFrame]);

  // The canvas follows its box's size.
  useEffect(() => {
    const canvas = canvasRef.current;
    const frame = frameRef.current;
    if (canvas === null || frame === null) return;
    const painter = new MapPainter(canvas);
    painterRef.current = painter;
    const observer = new ResizeObserver(() => {
      const width = frame.clientWidth;
      const height = frame.clientHeight;
      if (width === 0 || height === 0) return;
      painter.resize(width, height, window.devicePixelRatio || 1);
      const previousFit = fitScaleRef.current;
      const previous = viewRef.current;
      fit();
      if (interactedRef.current && previous !== null && viewRef.current !== null) {
        viewRef.current = { ...previous, scale: (previous.scale / previousFit) * viewRef.current.scale };
      }
      needsRenderRef.current = true;
      requestFrame();
    });
    observer.observe(frame);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frameRequestRef.current);
      frameRequestRef.current = 0;
      window.clearTimeout(restTimerRef.current);
      window.clearTimeout(progressTimerRef.current);
      painterRef.current = null;
    };
  }, [fit, requestFrame]);

  const canvasPoint = useCallback((clientX: number, clientY: number): [number, number] => {
    const rect = canvasRef.current?.getBoundingClientRect();
    return rect ? [clientX - rect.left, clientY - rect.top] : [0, 0];
  }, []);

  /** The point within a few pixels of canvas position (sx, sy), or -1. */
  const hitTest = useCallback((sx: number, sy: number): number => {
    const data = pointsRef.current;
    const grid = gridRef.current;
    const view = viewRef.current;
    const painter = painterRef.current;
    if (data === null || grid === null || view === null || painter === null) return -1;
    const [wx, wy] = toWorld(view, painter.size, sx, sy);
    const radius = (pointSize(data.count, zoomLevel(view, fitScaleRef.current)) / 2 + 4) / view.scale;
    return nearestPoint(grid, data.xs, data.ys, wx, wy, radius);
  }, []);

  const showHovered = useCallback(
    (index: number, sx: number, sy: number) => {
      const width = painterRef.current?.size.width ?? 0;
      const next: Hovered | null = index < 0 ? null : { index, x: sx, y: sy, side: sx > width / 2 ? "left" : "right" };
      const before = hoveredRef.current;
      if (before?.index === next?.index && (next === null || (before?.x === next.x && before?.y === next.y))) return;
      hoveredRef.current = next;
      setHovered(next);
      requestFrame();
    },
    [requestFrame],
  );

  const openIdea = useCallback(
    (index: number) => {
      const id = pointsRef.current?.ideaIds[index];
      if (id !== undefined) navigate(`/jams/${encodeURIComponent(slug)}/ideas/${encodeURIComponent(id)}`);
    },
    [navigate, slug],
  );

  /** The keyboard cursor is the canvas's centre: the point nearest it is "hovered". */
  const hoverCentre = useCallback(() => {
    const painter = painterRef.current;
    if (painter === null) return;
    const cx = painter.size.width / 2;
    const cy = painter.size.height / 2;
    const index = hitTest(cx, cy);
    showHovered(index, cx, cy);
  }, [hitTest, showHovered]);

  // The wheel zooms (a non-passive listener: the page must not scroll meanwhile).
  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    const onWheel = (event: WheelEvent) => {
      const view = viewRef.current;
      const painter = painterRef.current;
      if (view === null || painter === null) return;
      event.preventDefault();
      const [sx, sy] = canvasPoint(event.clientX, event.clientY);
      const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
      setView(zoomAt(view, painter.size, Math.exp(-delta * 0.002), sx, sy, fitScaleRef.current));
      showHovered(hitTest(sx, sy), sx, sy);
    };
    canvas.addEventListener("wheel", onWheel, { passive: false });
    return () => canvas.removeEventListener("wheel", onWheel);
  }, [canvasPoint, setView, showHovered, hitTest]);

  function onPointerDown(event: PointerEvent<HTMLCanvasElement>) {
    if (event.button !== 0) return;
    try {
      event.currentTarget.setPointerCapture(event.pointerId);
    } catch {
      // the pointer is already gone (or was never a real one): drag without capture
    }
    const [sx, sy] = canvasPoint(event.clientX, event.clientY);
    pointersRef.current.set(event.pointerId, { x: sx, y: sy });
    dragRef.current = { startX: sx, startY: sy, moved: pointersRef.current.size > 1, pinch: null };
  }

  function onPointerMove(event: PointerEvent<HTMLCanvasElement>) {
    const [sx, sy] = canvasPoint(event.clientX, event.clientY);
    const drag = dragRef.current;
    const previous = pointersRef.current.get(event.pointerId);
    const view = viewRef.current;
    const painter = painterRef.current;
    if (drag === null || previous === undefined || view === null || painter === null) {
      if (event.pointerType === "mouse") showHovered(hitTest(sx, sy), sx, sy);
      return;
    }
    pointersRef.current.set(event.pointerId, { x: sx, y: sy });
    if (Math.hypot(sx - drag.startX, sy - drag.startY) > 4) drag.moved = true;
    if (!drag.moved) return;
    const touches = [...pointersRef.current.values()];
    if (touches.length >= 2) {
      // Pinch: zoom about the midpoint by the change in distance between two fingers.
      const [a, b] = touches as [{ x: number; y: number }, { x: number; y: number }];
      const distance = Math.hypot(a.x - b.x, a.y - b.y);
      if (drag.pinch !== null && drag.pinch > 0) {
        setView(zoomAt(view, painter.size, distance / drag.pinch, (a.x + b.x) / 2, (a.y + b.y) / 2, fitScaleRef.current));
      }
      drag.pinch = distance;
      return;
    }
    if (hoveredRef.current !== null) showHovered(-1, 0, 0);
    setView(panBy(view, sx - previous.x, sy - previous.y));
  }

  function onPointerUp(event: PointerEvent<HTMLCanvasElement>) {
    const drag = dragRef.current;
    pointersRef.current.delete(event.pointerId);
    if (pointersRef.current.size > 0) {
      if (drag) drag.pinch = null;
      return;
    }
    dragRef.current = null;
    if (drag !== null && !drag.moved) {
      const [sx, sy] = canvasPoint(event.clientX, event.clientY);
      const index = hitTest(sx, sy);
      if (index >= 0) openIdea(index);
    }
  }

  function onPointerCancel(event: PointerEvent<HTMLCanvasElement>) {
    pointersRef.current.delete(event.pointerId);
    if (pointersRef.current.size === 0) dragRef.current = null;
  }

  const zoomBy = useCallback(
    (factor: number) => {
      const view = viewRef.current;
      const painter = painterRef.current;
      if (view === null || painter === null) return;
      setView(zoomAt(view, painter.size, factor, painter.size.width / 2, painter.size.height / 2, fitScaleRef.current));
    },
    [setView],
  );

  const reset = useCallback(() => {
    fit();
    interactedRef.current = false;
    needsRenderRef.current = true;
    requestFrame();
  }, [fit, requestFrame]);

  function onKeyDown(event: KeyboardEvent<HTMLCanvasElement>) {
    const view = viewRef.current;
    if (view === null) return;
    keyboardCursorRef.current = true;
    const step = event.shiftKey ? KEY_STEP * 4 : KEY_STEP;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [step, 0],
      ArrowRight: [-step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const move = moves[event.key];
    if (move) {
      setView(panBy(view, move[0], move[1]));
    } else if (event.key === "+" || event.key === "=") {
      zoomBy(ZOOM_STEP);
    } else if (event.key === "-" || event.key === "_") {
      zoomBy(1 / ZOOM_STEP);
    } else if (event.key === "0") {
      reset();
    } else if (event.key === "Enter" || event.key === " ") {
      const index = hoveredRef.current?.index;
      if (index !== undefined) openIdea(index);
    } else {
      return;
    }
    event.preventDefault();
    hoverCentre();
  }

  // The hovered idea's title, asked for once the pointer rests on it.
  const hoveredId = hovered ? points?.ideaIds[hovered.index] : undefined;
  useEffect(() => {
    if (hoveredId === undefined || hoveredId in titles) return;
    const timer = window.setTimeout(() => {
      void client
        .query(ThemeMapIdeaDocument, { id: hoveredId })
        .toPromise()
        .then((result) => {
          if (result.error) return;
          const title = result.data?.idea?.title ?? null;
          setTitles((known) => ({ ...known, [hoveredId]: title }));
        });
    }, 120);
    return () => window.clearTimeout(timer);
  }, [client, hoveredId, titles]);

  // For the browser tests and the benchmark: where a point is, which idea is at a place.
  useEffect(() => {
    const probe: ThemeMapProbe = {
      get count() {
        return pointsRef.current?.count ?? 0;
      },
      get complete() {
        return completeRef.current && statsRef.current.completedAt !== null;
      },
      get renders() {
        return statsRef.current.renders;
      },
      get lastRenderMs() {
        return statsRef.current.lastRenderMs;
      },
      get mountedAt() {
        return statsRef.current.mountedAt;
      },
      get loadedAt() {
        return statsRef.current.loadedAt;
      },
      get completedAt() {
        return statsRef.current.completedAt;
      },
      pointOnScreen(ideaId) {
        const data = pointsRef.current;
        const view = viewRef.current;
        const painter = painterRef.current;
        const rect = canvasRef.current?.getBoundingClientRect();
        const index = data?.ideaIds.indexOf(ideaId) ?? -1;
        if (data === null || view === null || painter === null || rect === undefined || index < 0) return null;
        const [sx, sy] = toScreen(view, painter.size, data.xs[index] as number, data.ys[index] as number);
        return { x: rect.left + sx, y: rect.top + sy };
      },
      ideaAt(clientX, clientY) {
        const [sx, sy] = canvasPoint(clientX, clientY);
        const index = hitTest(sx, sy);
        return index < 0 ? null : (pointsRef.current?.ideaIds[index] ?? null);
      },
    };
    window.__jamThemeMap = probe;
    return () => {
      if (window.__jamThemeMap === probe) delete window.__jamThemeMap;
    };
  }, [canvasPoint, hitTest]);

  const count = points?.count ?? 0;
  const ideasText = plural(count, { one: "# idea", other: "# ideas" });
  const themesText = plural(themes.length, { one: "# theme", other: "# themes" });
  const summary = status === "ready" ? t`Map of ${ideasText} in ${themesText}` : t`Map of the jam's ideas (loading)`;
  const unthemed = useMemo(() => {
    let none = 0;
    if (points) for (let i = 0; i < points.count; i++) if ((points.themeIndex[i] as number) < 0) none++;
    return none;
  }, [points]);

  const hoveredTheme = hovered && points ? (points.themeIndex[hovered.index] as number) : -1;

  return (
    <div className="themes-map">
      <div className="themes-map-toolbar row" role="toolbar" aria-label={t`Map controls`}>
        <Button className="button" aria-label={t`Zoom in`} onPress={() => zoomBy(ZOOM_STEP)}>
          <span aria-hidden="true">+</span>
        </Button>
        <Button className="button" aria-label={t`Zoom out`} onPress={() => zoomBy(1 / ZOOM_STEP)}>
          <span aria-hidden="true">−</span>
        </Button>
        <Button className="button" onPress={reset}>
          <Trans>Show everything</Trans>
        </Button>
      </div>
      <div className="themes-map-layout">
        <div className="themes-map-frame" ref={frameRef}>
          <canvas
            ref={canvasRef}
            className="themes-map-canvas"
            role="img"
            aria-label={summary}
            aria-describedby="themes-map-help"
            tabIndex={0}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerCancel}
            onPointerLeave={() => {
              if (dragRef.current === null) showHovered(-1, 0, 0);
            }}
            onKeyDown={onKeyDown}
            onFocus={(event) => {
              keyboardCursorRef.current = event.currentTarget.matches(":focus-visible");
              if (keyboardCursorRef.current) hoverCentre();
              requestFrame();
            }}
            onBlur={() => {
              keyboardCursorRef.current = false;
              showHovered(-1, 0, 0);
              requestFrame();
            }}
          />
          {hovered && hoveredId !== undefined ? (
            <div
              className="themes-map-tooltip"
              aria-hidden="true"
              style={{ left: `${hovered.x}px`, top: `${hovered.y}px` }}
              data-flip={hovered.side}
            >
              <span className="themes-map-tooltip-theme">
                <span className="themes-swatch" style={{ background: themeColor(hoveredTheme) }} />
                {hoveredTheme >= 0 ? `${hoveredTheme + 1}. ${themes[hoveredTheme]?.label ?? ""}` : t`No theme`}
              </span>
              {titles[hoveredId] !== null ? (
                <span className="themes-map-tooltip-title">{titles[hoveredId] ?? t`Loading the title…`}</span>
              ) : null}
            </div>
          ) : null}
          {status === "loading" ? (
            <p className="themes-map-progress" role="status">
              {count === 0 ? <Trans>Loading the map…</Trans> : <Trans>Loading the map… {formatNumber(i18n.locale, count)} ideas so far</Trans>}
            </p>
          ) : null}
        </div>
        <Legend themes={themes} unthemed={unthemed} highlight={highlight} onHighlight={setHighlight} />
      </div>
      {status === "error" && error ? (
        <div role="alert" className="banner banner-error themes-map-error">
          <p>{requestErrorMessage(i18n, error)}</p>
          <Button
            className="button"
            onPress={() => {
              setStatus("loading");
              setError(null);
              setAttempt((n) => n + 1);
            }}
          >
            <Trans>Retry</Trans>
          </Button>
        </div>
      ) : null}
      {status === "gone" ? (
        <p role="status" className="banner banner-info">
          <Trans>The themes changed while the map was loading. Reload the page to see the new map.</Trans>
        </p>
      ) : null}
      <p id="themes-map-help" className="muted themes-map-help">
        <Trans>
          Drag, or focus the map and use the arrow keys, to move around. Zoom with the wheel, the + and − keys or the
          buttons; 0 shows everything. Point at a dot to see its idea and theme, click it (or press Enter on the dot under
          the cross) to open the idea. “Show as a list” gives the same ideas as text.
        </Trans>
      </p>
    </div>
  );
}

interface LegendProps {
  themes: MapTheme[];
  unthemed: number;
  highlight: number | null;
  onHighlight(theme: number | null): void;
}

/** Each theme's number, colour and name; choosing one fades the others on the map. */
function Legend({ themes, unthemed, highlight, onHighlight }: LegendProps) {
  const { t } = useLingui();
  const selected = highlight === null ? [] : [String(highlight)];
  return (
    <div className="themes-legend">
      <h3 id="themes-legend-heading" className="themes-legend-heading">
        <Trans>Legend</Trans>
      </h3>
      <p className="muted themes-legend-hint">
        <Trans>Choose a theme to highlight it on the map.</Trans>
      </p>
      <ToggleButtonGroup
        className="themes-legend-items"
        aria-label={t`Highlight a theme on the map`}
        selectionMode="single"
        orientation="vertical"
        selectedKeys={selected}
        onSelectionChange={(keys: Set<Key>) => {
          const [key] = [...keys];
          onHighlight(key === undefined ? null : Number(key));
        }}
      >
        {themes.map((theme, index) => (
          <ToggleButton key={theme.id} id={String(index)} className="themes-legend-item">
            <span className="themes-swatch" style={{ background: themeColor(index) }} aria-hidden="true" />
            <span className="themes-legend-number" aria-hidden="true">
              {index + 1}
            </span>
            <span className="themes-legend-label">{theme.label}</span>
            <span className="themes-legend-size">
              <span aria-hidden="true">{theme.size}</span>
              <span className="visually-hidden">{plural(theme.size, { one: "# idea", other: "# ideas" })}</span>
            </span>
          </ToggleButton>
        ))}
        {unthemed > 0 ? (
          <ToggleButton id="-1" className="themes-legend-item">
            <span className="themes-swatch" style={{ background: themeColor(null) }} aria-hidden="true" />
            <span className="themes-legend-number" aria-hidden="true" />
            <span className="themes-legend-label">{t`No theme`}</span>
            <span className="themes-legend-size">
              <span aria-hidden="true">{unthemed}</span>
              <span className="visually-hidden">{plural(unthemed, { one: "# idea", other: "# ideas" })}</span>
            </span>
          </ToggleButton>
        ) : null}
      </ToggleButtonGroup>
    </div>
  );
}
