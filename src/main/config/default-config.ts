// The embedded default config: this host's metrics, the demo scenario and the push endpoint.
import text from '../../../resources/vigil.default.yaml?raw'

export const DEFAULT_CONFIG_YAML: string = text
