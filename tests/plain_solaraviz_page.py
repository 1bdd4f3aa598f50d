"""A plain Mesa SolaraViz page on CadreModel, as a Mesa user would write it (for the browser test).

Reset rebuilds the model from the controls and passes Mesa's own Scenario as ``scenario=``;
CadreModel takes that, so the page keeps working after Reset.
"""

from mesa.visualization import SolaraViz, make_plot_component
from mesa.visualization.user_param import Slider

from sim import CadreModel

model_params = {
    "params": "anji",
    "years": 2,
    "form": "one_to_many",
    "mentees_per_mentor": Slider("mentees per mentor", 2, 2, 5),
}
model = CadreModel(params="anji", years=2, form="one_to_many", mentees_per_mentor=2)
page = SolaraViz(model, components=[make_plot_component("pool_size")], model_params=model_params, name="plain page")
