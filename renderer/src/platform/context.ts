import { createContext, useContext } from 'react';
import type { Platform } from './types';

/** The platform for components deep in the tree (the stage's screen picker). */
export const PlatformContext = createContext<Platform | null>(null);
export const usePlatform = () => useContext(PlatformContext);
