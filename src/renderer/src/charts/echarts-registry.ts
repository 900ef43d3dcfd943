// The only module that imports ECharts' runtime: registers just what Vigil draws, so the
// bundle carries no unused chart types (add a chart type here and in chart-option.ts).
import * as echarts from 'echarts/core'
import { LineChart } from 'echarts/charts'
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

// MarkLine: targets, baselines and instant annotations; MarkArea: normal ranges and periods;
// DataZoom: inside + slider zoom in laptop mode.
echarts.use([
  LineChart,
  GridComponent,
  TooltipComponent,
  DataZoomComponent,
  LegendComponent,
  MarkLineComponent,
  MarkAreaComponent,
  CanvasRenderer
])

export { echarts }
export type { EChartsType } from 'echarts/core'
