// The only module that imports ECharts' runtime: registers just what Vigil draws, so the
// bundle carries no unused chart types (add a chart type here and in chart-option.ts).
import * as echarts from 'echarts/core'
import { LineChart } from 'echarts/charts'
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

// MarkLine is registered for the alert-threshold lines the full wallboards will draw.
echarts.use([LineChart, GridComponent, TooltipComponent, DataZoomComponent, LegendComponent, MarkLineComponent, CanvasRenderer])

export { echarts }
export type { EChartsType } from 'echarts/core'
