// bpmn-io packages the designer loads that ship no declarations: what editors.js uses of them.
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: object;
  export const BpmnPropertiesProviderModule: object;
  export const ZeebePropertiesProviderModule: object;
}
declare module 'bpmn-js-element-templates' {
  export const CloudElementTemplatesPropertiesProviderModule: object;
}
declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  const behaviors: object;
  export default behaviors;
}
declare module 'dmn-js/lib/Modeler' {
  const Modeler: unknown;
  export default Modeler;
}
declare module 'bpmn-js-differ' {
  /** The changes between two BPMN definitions (moddle roots). */
  export function diff(a: unknown, b: unknown): unknown;
}
