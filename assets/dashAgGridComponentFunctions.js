/* Cell components of the data grids (dash-ag-grid reads them from this global by name). */
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

/*
 * The buttons of a row of the check-in desk's lists (and the interpreter checkbox of a
 * consultation). Each control keeps the Dash pattern id the desk always had, keys sorted
 * as Dash writes them, so a control is found by its id; a press hands
 * {type, visit, position, outcome, video} to the grid's `cellRendererData`, which the
 * page's callbacks read. The words come from the column's params: a button's label names
 * the row by its number ("{n}"), so rows carry no words of their own.
 */
dagcomponentfuncs.DeskActions = function (props) {
    var params = props.colDef.cellRendererParams || {};
    var row = props.data;
    var video = React.useState(false);
    var items = [];
    if (params.video) {
        var boxId = JSON.stringify({type: "checkin-video", visit: row.visit});
        items.push(React.createElement("div", {className: "form-check mb-1", key: "video"},
            React.createElement("input", {
                type: "checkbox", className: "form-check-input", id: boxId, checked: video[0],
                onChange: function (event) { video[1](event.target.checked); }
            }),
            React.createElement("label", {className: "form-check-label", htmlFor: boxId}, params.video)));
    }
    var buttons = (params.buttons || []).map(function (button) {
        var id = button.outcome ? {outcome: button.outcome, type: button.type, visit: row.visit}
                                : {type: button.type, visit: row.visit};
        return React.createElement("button", {
            key: JSON.stringify(id), id: JSON.stringify(id), type: "button", className: button.className,
            "aria-label": button.label.replace("{n}", row.position),
            onClick: function () {
                props.setData({type: button.type, visit: row.visit, position: row.position,
                               outcome: button.outcome || null, video: video[0]});
            }
        }, button.text);
    });
    items.push(React.createElement("div", {key: "buttons", role: params.group ? "group" : undefined,
                                           "aria-label": params.group || undefined}, buttons));
    return React.createElement(React.Fragment, null, items);
};
