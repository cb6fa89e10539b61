/** Where the Kubeflow Model Registry reference API and our extensions are served. */
export const API_BASE = '/api/model_registry/v1alpha3';
