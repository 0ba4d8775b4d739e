/** A small course reader the flow tests ingest: enough distinct sentences for the offline quiz writer. */
export const HYDROLOGY_NOTES = `# Groundwater Basics

A short reader for the first weeks of an introductory hydrology course.

## Aquifers

An aquifer is a body of saturated rock or sediment that stores groundwater and lets it flow to wells and springs. An unconfined aquifer is open to the surface through the unsaturated zone, so rain recharges it directly. A confined aquifer lies between layers of clay or shale that water barely passes through; these layers are called aquitards.

Porosity is the share of a rock's volume that is open space. Permeability measures how easily water moves through the connected pores. Gravel has high permeability, while clay holds much water but releases it very slowly.

## The water table

The water table is the upper surface of the saturated zone. Above it lies the vadose zone, where pores hold both air and water. The water table rises after wet seasons and falls when pumping removes more water than recharge supplies.

## Groundwater flow

Darcy's law states that the flow of groundwater is proportional to the hydraulic gradient and the hydraulic conductivity of the aquifer. Groundwater moves from areas of high hydraulic head to areas of low head, usually toward rivers, lakes and the sea. A cone of depression forms around a pumping well as the water table is drawn down.

## Springs and recharge

A spring forms where the water table meets the ground surface. Recharge is the water that reaches the saturated zone from rain, snowmelt or rivers. Baseflow is the part of a river's flow that comes from groundwater, and it keeps rivers running during dry months.
`;
