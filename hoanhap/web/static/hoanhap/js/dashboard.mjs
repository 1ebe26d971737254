// The dashboard's charts, drawn with Apache ECharts (vendor/echarts, a classic
// script loaded with `defer` before this module, so window.echarts is ready).
// Load at the end of the dashboard page:
//   {{ charts|json_script:"dashboard-charts" }}
//   <script src="{% static 'hoanhap/vendor/echarts/echarts.min.js' %}" defer></script>
//   <script src="{% static 'hoanhap/vendor/echarts/langVI.js' %}" defer></script>
//   <script type="module" src="{% static 'hoanhap/js/dashboard.mjs' %}"></script>
// Each chart is {id, kind: "line" | "bar" | "map", title, description,
// categories, values, percent, points?}; its container (role="img") already
// carries the description as aria-label and sits beside its data table, so
// the chart only repeats what the table says. SVG renderer, no online tiles:
// the "map" is a scatter of commune points on plain longitude/latitude axes.

const BLUE = "#1d70b8";
const TEXT = "#0b0c0c";

function axisLabel(percent) {
  return { color: TEXT, formatter: percent ? "{value} %" : "{value}" };
}

function seriesOption(chart) {
  const aria = { enabled: true, label: { enabled: true, description: chart.description } };
  const common = {
    aria: aria,
    animation: false,
    color: [BLUE],
    textStyle: { fontFamily: "Be Vietnam Pro, sans-serif", color: TEXT },
    tooltip: { trigger: chart.kind === "map" ? "item" : "axis" },
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
  };
  if (chart.kind === "map") {
    const values = chart.points.map((point) => point[2]).filter((value) => value !== null);
    const largest = Math.max(1, ...values);
    return Object.assign(common, {
      xAxis: { type: "value", scale: true, name: "", axisLabel: { color: TEXT }, splitLine: { show: false } },
      yAxis: { type: "value", scale: true, name: "", axisLabel: { color: TEXT }, splitLine: { show: false } },
      tooltip: {
        trigger: "item",
        formatter: (item) =>
          item.value[3] + ": " + (item.value[2] === null ? "–" : item.value[2] + (chart.percent ? " %" : "")),
      },
      series: [
        {
          type: "scatter",
          data: chart.points,
          symbolSize: (value) => (value[2] === null ? 6 : 8 + (24 * value[2]) / largest),
          itemStyle: { color: BLUE, opacity: 0.8 },
          label: { show: chart.points.length <= 20, position: "right", formatter: (item) => item.value[3], color: TEXT },
        },
      ],
    });
  }
  return Object.assign(common, {
    xAxis: { type: "category", data: chart.categories, axisLabel: { color: TEXT, interval: 0, rotate: chart.categories.length > 4 ? 30 : 0 } },
    yAxis: { type: "value", axisLabel: axisLabel(chart.percent), max: chart.percent ? 100 : null },
    series: [
      {
        type: chart.kind,
        name: chart.title,
        data: chart.values,
        connectNulls: false,
        symbolSize: 8,
        label: { show: true, position: "top", color: TEXT, formatter: chart.percent ? "{c} %" : "{c}" },
      },
    ],
  });
}

function drawAll() {
  const source = document.getElementById("dashboard-charts");
  const echarts = window.echarts;
  if (!source || !echarts) {
    return;
  }
  const locale = document.documentElement.lang === "vi" ? "VI" : "EN";
  const drawn = [];
  for (const chart of JSON.parse(source.textContent)) {
    const element = document.getElementById(chart.id);
    if (!element) {
      continue;
    }
    const instance = echarts.init(element, null, { renderer: "svg", locale: locale });
    instance.setOption(seriesOption(chart));
    // ECharts writes its own aria-label on the container: keep ours (the same description).
    element.setAttribute("aria-label", chart.description);
    element.dataset.drawn = "true";
    drawn.push(instance);
  }
  window.addEventListener("resize", () => drawn.forEach((instance) => instance.resize()));
}

drawAll();
