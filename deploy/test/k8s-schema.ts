import ts from 'typescript';
import { REPO, type K8sObject } from './render.js';

/**
 * Offline validation of rendered objects against the Kubernetes API, from what npm bundles
 * (no cluster, nothing downloaded at test time):
 *
 * - `kubernetes-models` validates each object against the Kubernetes OpenAPI schema (types,
 *   required fields, formats) with its bundled validators. Those schemas allow unknown
 *   fields, as the API server's non-strict decoding does, so a misspelt `readinesProbe` would
 *   pass them and be dropped by the cluster without a word.
 * - So each object is also type-checked by the TypeScript compiler against the package's
 *   declarations of the same API (`I<Kind>`), whose excess-property check on object literals
 *   refuses any field the API does not have.
 *
 * Objects of other API groups (Strimzi's CRDs) have no bundled schema: see strimzi-shape.ts.
 */

export function isKubernetesApi(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

function modulePath(object: K8sObject): string {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  return group ? `kubernetes-models/${group}/${version}/${object.kind}` : `kubernetes-models/${version}/${object.kind}`;
}

function label(object: K8sObject): string {
  return `${object.kind} ${object.metadata.name}`;
}

/** Problems found by the bundled OpenAPI validators, one line per object. */
export async function schemaProblems(objects: readonly K8sObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    let Model: new (data: unknown) => { validate(): void };
    try {
      const module = (await import(modulePath(object))) as Record<string, new (data: unknown) => { validate(): void }>;
      Model = module[object.kind]!;
      if (!Model) throw new Error('no model');
    } catch {
      problems.push(`${label(object)}: ${object.apiVersion} ${object.kind} is not a Kubernetes API kind kubernetes-models knows`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${label(object)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

/** Fields the Kubernetes API does not have, or of the wrong type, as the TypeScript compiler finds them. */
export function typeProblems(objects: readonly K8sObject[]): string[] {
  const file = `${REPO}deploy/test/__rendered-manifests__.ts`;
  // One declaration per line, so a diagnostic's line names its object.
  const text = objects
    .map((object, i) => `export const o${i}: import('${modulePath(object)}').I${object.kind} = ${JSON.stringify(object)};`)
    .join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, text, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (diagnostic.file?.fileName !== file || diagnostic.start === undefined) return message;
    const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line;
    const object = objects[line]!;
    const snippet = text.slice(diagnostic.start, diagnostic.start + 60);
    return `${label(object)}: ${message} (at ${snippet}…)`;
  });
}
