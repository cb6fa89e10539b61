import { isRegistryError, type RegistryError } from '@modelreg/client';

/** The RegistryError a promise rejects with, so that several of its fields can be checked. */
export async function failureOf(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    if (isRegistryError(error)) return error;
    throw error;
  }
  throw new Error('expected a RegistryError, but the call succeeded');
}
