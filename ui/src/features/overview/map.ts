// Owns the map's projection of Europe and which Natural Earth countries are drawn: a conic
// conformal projection (the usual one for maps of Europe) fitted to the continent's extent.
import { geoCentroid, geoConicConformal, type GeoProjection } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';

/**
 * Points at the edges of the area shown: Iceland, Portugal, south of Malta (parallels curve down
 * in the middle of a conic map), Cyprus, the North Cape, the Volga.
 */
const EXTENT: [number, number][] = [
  [-24, 64],
  [-10, 36],
  [14, 34],
  [34, 34.5],
  [28, 71],
  [42, 56],
];

export function europeProjection(width: number, height: number): GeoProjection {
  return geoConicConformal()
    .rotate([-10, 0])
    .parallels([40, 65])
    .fitExtent(
      [
        [8, 8],
        [width - 8, height - 8],
      ],
      { type: 'MultiPoint', coordinates: EXTENT },
    );
}

/** Countries whose centre lies around Europe: the others would only stretch across the map. */
export function isAroundEurope(country: Feature<Geometry | null>): boolean {
  if (!country.geometry) return false;
  const [lon, lat] = geoCentroid(country as Feature<Geometry>);
  return lon > -35 && lon < 70 && lat > 25 && lat < 82;
}
